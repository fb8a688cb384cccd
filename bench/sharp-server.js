// Minimal peer for bench/run.sh: the same three requests answered by sharp (libvips in node).
const http = require('http');
const sharp = require('sharp');
const path = require('path');

const samples = process.argv[2];
const port = Number(process.argv[3] || 8091);
sharp.cache(false); // pictor runs with its derivative cache off too

const routes = {
  '/thumb': () => sharp(path.join(samples, 'photo.jpg'))
    .resize(300, 300, { fit: 'inside' }).jpeg({ quality: 80 }),
  '/tile': () => sharp(path.join(samples, 'pyramid.tif'))
    .extract({ left: 2048, top: 1024, width: 1024, height: 1024 })
    .resize(512, 512).jpeg({ quality: 80 }),
  '/pyramid-thumb': () => sharp(path.join(samples, 'pyramid.tif'))
    .resize(300, 300, { fit: 'inside' }).jpeg({ quality: 80 }),
};

http.createServer((req, res) => {
  const make = routes[req.url];
  if (!make) { res.writeHead(404); return res.end(); }
  make().toBuffer()
    .then((buf) => { res.writeHead(200, { 'Content-Type': 'image/jpeg' }); res.end(buf); })
    .catch((err) => { res.writeHead(500); res.end(String(err)); });
}).listen(port, '127.0.0.1', () => console.log(`sharp peer on ${port}`));
