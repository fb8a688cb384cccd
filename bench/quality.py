#!/usr/bin/python3
"""Bytes and quality of one answer, for bench/run.sh.

Usage: bench/quality.py URL   (an answer ending in .jpg or .webp)

Fetches the answer and the same request as lossless PNG from the same server, and prints
"<bytes> <ssim>": the answer's size and its SSIM against that PNG (scikit-image 0.19's
structural_similarity from Debian's python3-skimage, on RGB, Gaussian-weighted as Wang et al.
2004). Each server is measured against its own lossless rendering, so the score is the loss of
its encoder alone, not differences between resamplers.
"""
import io
import sys
import urllib.request

import numpy
from PIL import Image
from skimage.metrics import structural_similarity


def fetch(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def main():
    url = sys.argv[1]
    answer = fetch(url)
    reference = fetch(url.rsplit(".", 1)[0] + ".png")
    a = numpy.asarray(Image.open(io.BytesIO(answer)).convert("RGB"))
    b = numpy.asarray(Image.open(io.BytesIO(reference)).convert("RGB"))
    if a.shape != b.shape:
        print(f"{len(answer)} -")
        return
    ssim = structural_similarity(a, b, channel_axis=2, gaussian_weights=True, sigma=1.5,
                                 use_sample_covariance=False, data_range=255)
    print(f"{len(answer)} {ssim:.4f}")


if __name__ == "__main__":
    main()
