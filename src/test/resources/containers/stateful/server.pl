# Notes each start of a release in /data/starts (a volume) and answers with everything noted so far.
use strict;
use IO::Socket::INET;
$| = 1;
$SIG{TERM} = sub { exit 0 };
open(my $log, '>>', '/data/starts') or die "/data/starts: $!";
print $log "started $ENV{RELEASE}\n";
close $log;
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$ENV{PORT}", Listen => 64, ReuseAddr => 1) or die "listen: $!";
print "listening on $ENV{PORT}\n";
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  open(my $f, '<', '/data/starts') or die "/data/starts: $!";
  local $/;
  my $body = <$f>;
  close $f;
  print $c "HTTP/1.1 200 OK\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
