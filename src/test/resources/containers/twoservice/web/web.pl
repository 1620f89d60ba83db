use strict;
use IO::Socket::INET;
$| = 1;
$SIG{TERM} = sub { exit 0 };  # PID 1 in its container: no default handler would end it
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$ENV{PORT}", Listen => 64, ReuseAddr => 1) or die "listen: $!";
print "web listening on $ENV{PORT}\n";
my ($host, $port) = $ENV{API_URL} =~ m{^http://([^:/]+):(\d+)} or die "no API_URL";
while (my $c = $s->accept) {
  my $req = <$c>;
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  my $api = "no answer";
  if ($req =~ m{^GET /api }) {
    if (my $a = IO::Socket::INET->new(PeerAddr => "$host:$port", Timeout => 5)) {
      print $a "GET / HTTP/1.0\r\nHost: api\r\n\r\n";
      local $/;
      my $r = <$a>;
      $api = (split /\r\n\r\n/, $r, 2)[1];
    }
  }
  my $body = "$ENV{GREETING} on port $ENV{PORT}; API_URL=$ENV{API_URL}; api says: $api";
  print $c "HTTP/1.1 200 OK\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
