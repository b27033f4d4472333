// The micro the proxy benchmark loads: Node's own http server, a fixed 13-byte body.
const http = require('http');
const body = 'Hello, world!';
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
