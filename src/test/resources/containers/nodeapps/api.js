const express = require('express');
const app = express();
app.get('/', (req, res) => res.json({service: 'api', release: process.env.RELEASE}));
app.listen(process.env.PORT);
