// The clock micro: Node's standard library only. Listens on $PORT, as Space asked of every micro.
const http = require('http');

const port = Number(process.env.PORT || 8080);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/now') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ time: new Date().toISOString(), micro: process.env.DETA_SPACE_APP_MICRO_NAME }));
  } else if (url.pathname === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('clock micro: try /clock/now\n');
  } else {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
  }
});

server.listen(port, '127.0.0.1', () => console.log(`clock listening on ${port}`));
