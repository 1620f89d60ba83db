package io.jrack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellWithTwoSpacesBetweenAndNoTrailingSpaces() {
    Table t = Table.of("SERVICE", "DOMAIN", "PORTS")
        .row("web", "nodedemo-web.prod-Route-xxxxxxxx.us-east-1.convox.site", "80:3000 443:3000")
        .row("api", "nodedemo-api.prod-Route-xxxxxxxx.us-east-1.convox.site", "80:3000 443:3000");
    assertThat(t.lines()).containsExactly(
        "SERVICE  DOMAIN                                                  PORTS",
        "web      nodedemo-web.prod-Route-xxxxxxxx.us-east-1.convox.site  80:3000 443:3000",
        "api      nodedemo-api.prod-Route-xxxxxxxx.us-east-1.convox.site  80:3000 443:3000");
  }

  @Test
  void aHeaderWiderThanItsCellsSetsTheWidth() {
    Table t = Table.of("ID", "STATUS", "RELEASE").row("myapp", "running", "R1");
    assertThat(t.lines()).containsExactly("ID     STATUS   RELEASE", "myapp  running  R1");
  }

  @Test
  void nullAndMissingCellsAreEmptyAndEmptyLastCellsLeaveNoTrailingSpaces() {
    Table t = Table.of("ID", "STATUS", "BUILD").row("R1", null, "").row("R2");
    assertThat(t.lines()).containsExactly("ID  STATUS  BUILD", "R1", "R2");
    Table middle = Table.of("A", "B", "C").row("x", "", "z");
    assertThat(middle.lines()).containsExactly("A  B  C", "x     z");
  }

  @Test
  void anEmptyTableIsItsHeader() {
    assertThat(Table.of("APP", "STATUS", "RELEASE").lines()).containsExactly("APP  STATUS  RELEASE");
  }

  @Test
  void infoPadsKeysToTheWidestPlusTwo() {
    Table.Info info = new Table.Info()
        .add("Name", "dev").add("Provider", "embedded").add("Router", "dev.localhost")
        .add("Status", "running").add("Version", "0.1.0");
    assertThat(info.lines()).containsExactly(
        "Name      dev",
        "Provider  embedded",
        "Router    dev.localhost",
        "Status    running",
        "Version   0.1.0");
  }

  @Test
  void infoIndentsFurtherLinesOfAValueAndPrintsEmptyValuesWithoutTrailingSpaces() {
    Table.Info info = new Table.Info().add("Id", "R1").add("Description", null).add("Env", "A=1\nB=2");
    assertThat(info.lines()).containsExactly(
        "Id           R1",
        "Description",
        "Env          A=1",
        "             B=2");
  }
}
