// Serves public/ as it is: nothing is made at run time.
const fs = require('fs');
const path = require('path');
require('http').createServer((req, res) => {
  const name = req.url === '/' ? 'index.html' : path.basename(req.url);
  fs.readFile(path.join(__dirname, 'public', name), (err, data) => {
    res.writeHead(err ? 404 : 200, {'content-type': 'text/html'});
    res.end(err ? 'not found\n' : data);
  });
}).listen(process.env.PORT);
