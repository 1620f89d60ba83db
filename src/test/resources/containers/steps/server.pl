# Answers "release <RELEASE>" on $PORT; with BROKEN set it exits at once, as a release that cannot start.
use strict;
use IO::Socket::INET;
$| = 1;
$SIG{TERM} = sub { exit 0 };  # PID 1 in its container: no default handler would end it
if ($ENV{BROKEN}) { print "broken on purpose\n"; exit 3; }
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$ENV{PORT}", Listen => 64, ReuseAddr => 1) or die "listen: $!";
print "listening on $ENV{PORT}\n";
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  my $body = "release $ENV{RELEASE}";
  print $c "HTTP/1.1 200 OK\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
