// A port that speaks no HTTP (a gRPC port without grpcHealthEnabled is checked by TCP): each
// connection gets one line and is closed.
require('net').createServer(s => s.end('wire\n')).listen(process.env.PORT);
