package io.jrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {
  @TempDir Path dir;

  @Test
  void theReserveIsPrivateAndOfItsSize() throws Exception {
    new DiskSpace(dir, 0).keepReserve();
    Path reserve = dir.resolve(DiskSpace.RESERVE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(reserve))).isEqualTo("rw-------");
    assertThat(Files.size(reserve)).isEqualTo(DiskSpace.RESERVE_BYTES);
    assertThat(dir.resolve(DiskSpace.RESERVE + ".tmp")).doesNotExist();
  }

  @Test
  void aReserveAnOlderRackLeftReadableIsMadePrivate() throws Exception {
    Path reserve = dir.resolve(DiskSpace.RESERVE);
    Files.write(reserve, new byte[16]);
    Files.setPosixFilePermissions(reserve, PosixFilePermissions.fromString("rw-r--r--"));
    new DiskSpace(dir, 0).keepReserve();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(reserve))).isEqualTo("rw-------");
  }

  @Test
  void aFreedReserveComesBackWhenThereIsRoom() throws Exception {
    DiskSpace space = new DiskSpace(dir, 0);
    space.keepReserve();
    space.releaseReserve();
    assertThat(dir.resolve(DiskSpace.RESERVE)).doesNotExist();
    space.keepReserve();
    assertThat(dir.resolve(DiskSpace.RESERVE)).exists();
  }
}
