'use strict';
// Preloaded by space-dev into every Node process of a micro (NODE_OPTIONS=--require). A server that
// calls listen(port) without an address binds every interface, so anyone on the network would reach
// the micro without signing in, past space-dev's proxy. Such a call binds $HOST (127.0.0.1) instead;
// a server that names its address keeps it (and space-dev warns if that is all interfaces).
const net = require('net');
const host = process.env.HOST || '127.0.0.1';
const listen = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value));
}

net.Server.prototype.listen = function spaceDevLoopbackListen(...args) {
  const first = args[0];
  if (first === undefined || typeof first === 'function') {
    args.unshift(0); // listen() or listen(callback): a random port, on loopback below
  }
  if (isPort(args[0])) {
    if (typeof args[1] !== 'string') {
      args.splice(1, 0, host);
    }
  } else if (first !== null && typeof first === 'object' && !Array.isArray(first)
      && first.host === undefined && first.path === undefined && first.fd === undefined
      && first.handle === undefined && first._handle === undefined) {
    args[0] = Object.assign({}, first, { host });
  }
  return listen.apply(this, args);
};
