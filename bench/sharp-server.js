// Minimal peer for bench/run.sh: sharp (libvips in node) answering the IIIF requests of the
// benchmark — `/iiif/<file>/<region>/<size>/0/default.<fmt>` with region `full` or `x,y,w,h`
// and size `w,` or `!w,h` — plus `/iiif/<file>/info.json`. sharp's cache is off (pictor runs
// with its derivative cache off too).
const http = require('http');
const sharp = require('sharp');
const path = require('path');

const root = process.argv[2];
const port = Number(process.argv[3] || 8091);
sharp.cache(false);

function render(file, region, size, format) {
  let img = sharp(path.join(root, file));
  if (region !== 'full') {
    const [left, top, width, height] = region.split(',').map(Number);
    img = img.extract({ left, top, width, height });
  }
  const m = /^(!?)(\d*),(\d*)$/.exec(size);
  if (!m) throw new Error('size');
  const w = m[2] ? Number(m[2]) : null, h = m[3] ? Number(m[3]) : null;
  img = img.resize(w, h, { fit: m[1] ? 'inside' : 'fill' });
  if (format === 'png') return img.png(); // the lossless reference of bench/quality.py
  return format === 'webp' ? img.webp({ quality: 80 }) : img.jpeg({ quality: 80 });
}

http.createServer(async (req, res) => {
  try {
    const parts = decodeURIComponent(req.url).split('/').filter(Boolean);
    if (parts[0] !== 'iiif') throw new Error('route');
    if (parts[2] === 'info.json') {
      const meta = await sharp(path.join(root, parts[1])).metadata();
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ width: meta.width, height: meta.height }));
    }
    const [file, region, size, , last] = parts.slice(1);
    const buf = await render(file, region, size, last.split('.')[1]).toBuffer();
    res.writeHead(200, { 'Content-Type': 'image/' + last.split('.')[1] });
    res.end(buf);
  } catch (err) {
    res.writeHead(400);
    res.end(String(err));
  }
}).listen(port, '127.0.0.1', () => console.log(`sharp peer on ${port}`));
