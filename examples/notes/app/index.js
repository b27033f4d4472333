// A notes micro on Deta Base (the notes) and Deta Drive (attachments), as Space apps wrote them:
// the SDK finds its data service through DETA_PROJECT_KEY and DETA_BASE_HOST / DETA_DRIVE_HOST.
const http = require('http');
const fs = require('fs');
const path = require('path');
const { Deta } = require('deta');

const deta = Deta();
const notes = deta.Base('notes');
const attachments = deta.Drive('attachments');

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'Content-Type': type });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (url.pathname === '/health') {
      send(res, 200, { ok: true });
    } else if (url.pathname === '/notes' && req.method === 'POST') {
      const { text } = JSON.parse((await readBody(req)) || '{}');
      const note = await notes.put({ text: String(text || ''), created: Date.now() });
      await attachments.put(`${note.key}.txt`, { data: String(text || ''), contentType: 'text/plain' });
      send(res, 201, note);
    } else if (url.pathname === '/notes') {
      const { items } = await notes.fetch({}, { limit: 100 });
      send(res, 200, items.sort((a, b) => b.created - a.created));
    } else if (url.pathname.startsWith('/files/')) {
      const blob = await attachments.get(decodeURIComponent(url.pathname.slice('/files/'.length)));
      if (!blob) {
        send(res, 404, { error: 'no such file' });
      } else {
        send(res, 200, Buffer.from(await blob.arrayBuffer()), blob.type || 'application/octet-stream');
      }
    } else {
      send(res, 200, fs.readFileSync(path.join(__dirname, 'public', 'index.html')), 'text/html; charset=utf-8');
    }
  } catch (error) {
    send(res, 500, { error: String(error && error.message) });
  }
}).listen(Number(process.env.PORT || 8080), '127.0.0.1', () => console.log(`notes listening on ${process.env.PORT}`));
