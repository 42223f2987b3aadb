// Prints a free TCP port on 127.0.0.1.
const server = require('node:net').createServer();
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
  server.close();
});
