// Peer for bench/run.sh: iiif-processor (npm; IIIF Image API on sharp) as its README's
// minimal application — files from one folder, `/iiif/{2,3}/<id>/...`, every request rendered
// (sharp's cache off, no response cache).
const http = require('http');
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { Processor } = require('iiif-processor');

const root = process.argv[2];
const port = Number(process.argv[3] || 8095);
sharp.cache(false);

async function streamResolver({ id }) {
  return fs.createReadStream(path.join(root, path.basename(id)));
}

http.createServer(async (req, res) => {
  try {
    const url = `http://127.0.0.1:${port}${req.url}`;
    const result = await new Processor(url, streamResolver).execute();
    if (result.type === 'content') {
      res.writeHead(200, { 'Content-Type': result.contentType });
      return res.end(typeof result.body === 'string' ? result.body : result.body);
    }
    if (result.type === 'redirect') {
      res.writeHead(302, { Location: result.location });
      return res.end();
    }
    res.writeHead(result.statusCode || 500);
    res.end(result.message);
  } catch (err) {
    res.writeHead(500);
    res.end(String(err));
  }
}).listen(port, '127.0.0.1', () => console.log(`iiif-processor peer on ${port}`));
