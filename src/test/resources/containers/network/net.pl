# One server per mode, for the rack network's tests: http (on $PORT, /health fails while
# /tmp/sick exists), tcp (a line echo on 7000, not HTTP) or udp (a datagram echo on 8125).
use strict;
use IO::Socket::INET;
$| = 1;
$SIG{TERM} = sub { exit 0 };  # PID 1 in its container: no default handler would end it
my $mode = shift // 'http';
if ($mode eq 'udp') {
  my $s = IO::Socket::INET->new(LocalAddr => '0.0.0.0:8125', Proto => 'udp') or die "udp: $!";
  print "udp echo on 8125\n";
  while (1) {
    my $from = $s->recv(my $d, 1500);
    $s->send("udp $ENV{APP}/$ENV{SERVICE}: $d", 0, $from) if defined $from;
  }
}
my $port = $mode eq 'tcp' ? 7000 : $ENV{PORT};
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$port", Listen => 64, ReuseAddr => 1) or die "listen: $!";
print "$mode on $port\n";
while (my $c = $s->accept) {
  if ($mode eq 'tcp') {
    my $l = <$c>;
    print $c "tcp $ENV{APP}/$ENV{SERVICE}: $l";
    close $c;
    next;
  }
  my $req = <$c> // '';
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  my $code = ($req =~ m{^GET /health } && -e '/tmp/sick') ? '503 Sick' : '200 OK';
  my $body = "http $ENV{APP}/$ENV{SERVICE}";
  print $c "HTTP/1.1 $code\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
