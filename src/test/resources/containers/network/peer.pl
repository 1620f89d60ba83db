# A client run inside a container: perl peer.pl http|tcp|udp HOST PORT [MESSAGE]; the host is
# looked up by the C library (the container's resolv.conf). Prints the answer.
use strict;
use IO::Socket::INET;
my ($proto, $host, $port, $msg) = @ARGV;
if ($proto eq 'udp') {
  my $s = IO::Socket::INET->new(PeerAddr => "$host:$port", Proto => 'udp') or die "udp $host:$port: $!\n";
  $s->send($msg);
  my $rin = '';
  vec($rin, fileno($s), 1) = 1;
  select($rin, undef, undef, 5) or die "no udp answer from $host:$port\n";
  $s->recv(my $r, 1500);
  print $r;
  exit 0;
}
my $s = IO::Socket::INET->new(PeerAddr => "$host:$port", Timeout => 5) or die "connect $host:$port: $!\n";
if ($proto eq 'http') {
  print $s "GET / HTTP/1.0\r\nHost: $host\r\n\r\n";
  local $/;
  my $r = <$s>;
  print((split /\r\n\r\n/, $r, 2)[1]);
} else {
  print $s "$msg\n";
  print scalar <$s>;
}
