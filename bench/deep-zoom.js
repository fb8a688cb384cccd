// S6 "deep zoom of a flat photo": one viewer's visit to a large image, timed end to end —
// the info.json, then 200 IIIF tile requests spread over every zoom level in a fixed
// pseudo-random order (6 at a time, as a browser does per host), then a few thumbnails.
// Usage: node deep-zoom.js BASE_URL WIDTH HEIGHT    (BASE_URL ends with the image's id)
// Prints: "<seconds> <requests> <failures>".
const http = require('http');

const [base, width, height] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const tile = 512, parallel = 6, tileRequests = 200;
const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });

// Every tile of every level, as a IIIF viewer computes them (scale factors 1, 2, 4, …).
function allTiles() {
  const out = [];
  for (let s = 1; Math.ceil(width / s) > tile / 2 || s === 1; s *= 2) {
    const step = tile * s;
    for (let y = 0; y < height; y += step)
      for (let x = 0; x < width; x += step) {
        const w = Math.min(step, width - x), h = Math.min(step, height - y);
        out.push(`${x},${y},${w},${h}/${Math.ceil(w / s)},/0/default.jpg`);
      }
  }
  return out;
}

// A fixed pseudo-random order (xorshift32, fixed seed): the same visit for every server.
function visit() {
  let state = 0x2545f491;
  const rand = () => { state ^= state << 13; state ^= state >>> 17; state ^= state << 5; return (state >>> 0) / 4294967296; };
  const tiles = allTiles();
  const out = [];
  while (out.length < tileRequests) out.push(tiles[Math.floor(rand() * tiles.length)]);
  return out;
}

function get(path) {
  return new Promise((resolve) => {
    http.get(`${base}/${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    }).on('error', () => resolve(false));
  });
}

async function pool(paths) {
  let next = 0, failures = 0;
  const worker = async () => {
    while (next < paths.length) if (!(await get(paths[next++]))) failures++;
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return failures;
}

(async () => {
  const started = process.hrtime.bigint();
  let failures = (await get('info.json')) ? 0 : 1;
  const tiles = visit();
  failures += await pool(tiles);
  const thumbs = ['full/!300,300/0/default.jpg', 'full/!150,150/0/default.jpg',
                  'full/!800,800/0/default.jpg'];
  failures += await pool(thumbs);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${seconds.toFixed(3)} ${1 + tiles.length + thumbs.length} ${failures}`);
  agent.destroy();
})();
