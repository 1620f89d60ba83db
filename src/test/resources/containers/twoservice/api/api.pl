use strict;
use IO::Socket::INET;
$| = 1;
$SIG{TERM} = sub { exit 0 };  # PID 1 in its container: no default handler would end it
my $s = IO::Socket::INET->new(LocalAddr => "0.0.0.0:$ENV{PORT}", Listen => 64, ReuseAddr => 1) or die "listen: $!";
print "api listening on $ENV{PORT}\n";
open(my $f, '<', 'built.txt') or die "built.txt: $!";
my $built = <$f>;
chomp $built;
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\r?\n$/; }
  my $body = "$built, release $ENV{RELEASE}";
  print $c "HTTP/1.1 200 OK\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
  close $c;
}
