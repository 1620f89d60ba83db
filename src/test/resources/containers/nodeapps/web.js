// The front: asks the api service (its link gives API_URL) and says what it answered.
const express = require('express');
const os = require('os');
const app = express();
app.get('/', async (req, res) => {
  try {
    const api = await (await fetch(process.env.API_URL + '/')).json();
    res.send(`web on ${os.hostname()} port ${process.env.PORT}; api says ${api.service} ${api.release}`);
  } catch (e) {
    res.status(502).send(`api at ${process.env.API_URL}: ${e.message}`);
  }
});
app.get('/health', (req, res) => res.send('ok'));
app.listen(process.env.PORT);
