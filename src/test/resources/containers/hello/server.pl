# A one-file HTTP server with nothing but Debian's perl-base: answers every request with what the
# build and the environment made of this container.
use strict;
use IO::Socket::INET;
$| = 1;
my $port = $ENV{PORT} || 3000;
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$port", Listen => 64, ReuseAddr => 1) or die "listen on $port: $!";
print "listening on $port\n";
open(my $f, '<', 'built.txt') or die "built.txt: $!";
my $built = <$f>;
chomp $built;
while (my $c = $s->accept) {
  my $req = <$c>;
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  my $body = "$built; GREETING=$ENV{GREETING}; SECRET=" . ($ENV{SECRET} // '') . "\n";
  print $c "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
