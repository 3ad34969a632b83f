package dev.botsim.cognigy.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFailuresTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the reason of a file failure is the failure, not its path again: a message naming the folder read"
            + " 'cannot be written into /x (/x)' for a missing parent")
    void reasonIsNotThePathAgain() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "");
        IOException missing = failure(() -> Files.createDirectories(file.resolve("below")));
        assertThat(FileFailures.reason(missing)).doesNotContain(dir.toString());
        assertThat(FileFailures.reason(new NoSuchFileException("/proc/x"))).isEqualTo("no such file or folder");
        assertThat(FileFailures.reason(new NotDirectoryException("/a/file"))).isEqualTo("a file stands where a folder is needed");
        assertThat(FileFailures.reason(new FileSystemException("/mnt/ro/merged", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(FileFailures.reason(new FileSystemException("/mnt/ro/merged"))).isEqualTo("FileSystemException");
        assertThat(FileFailures.reason(new IOException("disk on fire"))).isEqualTo("disk on fire");
    }

    @Test
    @DisplayName("a folder of the path that is a symbolic link to nothing (a CI cache restored without what it linked to): the"
            + " reason says so, not 'a file of that name is in the way', and the fix says what to create")
    void danglingLinkOnThePath() throws Exception {
        Path gone = dir.resolve("mnt/cassettes");
        Path link = Files.createSymbolicLink(dir.resolve("cognigy"), gone);
        Path cassette = link.resolve("simulations/orders.sim.yaml.cassette.json");
        IOException failure = failure(() -> Files.createDirectories(cassette.getParent()));

        assertThat(FileFailures.reason(failure)).isEqualTo("a symbolic link to " + gone + ", which does not exist");
        assertThat(FileFailures.writableFix(cassette, Path::toString, "cognigy.replay.dir")).isEqualTo("create " + gone
                + " (the folder the link " + link + " points to), or remove the link, or point cognigy.replay.dir at a folder that exists");
        assertThat(FileFailures.reason(new java.nio.file.FileAlreadyExistsException(dir.resolve("x").toString())))
                .isEqualTo("a file of that name is in the way");
    }

    @Test
    @DisplayName("a file where one of the folders should be is said in one sentence for every writer: that file, to remove or"
            + " rename it, or the setting to point elsewhere; no reason beside it says it again")
    void fileWhereItsFolderShouldBe() throws Exception {
        Path inTheWay = Files.writeString(dir.resolve("approved"), "a file, not a folder");
        Path file = inTheWay.resolve("e2e/orders.sim.yaml.approved.yaml");
        IOException failure = failure(() -> Files.createDirectories(file.getParent()));

        String oneSentence = inTheWay + " is a file where its folder should be; remove or rename that file, or point"
                + " cognigy.approve.dir at another folder";
        assertThat(FileFailures.writableFix(file, Path::toString, "cognigy.approve.dir")).isEqualTo(oneSentence);
        assertThat(FileFailures.reasonAndFix(FileFailures.reason(failure), file, Path::toString, "cognigy.approve.dir"))
                .isEqualTo(oneSentence);
        assertThat(FileFailures.reason(failure, file)).isEmpty();
        assertThat(FileFailures.fileInTheWay(file)).contains(inTheWay);

        Path free = dir.resolve("free/orders.sim.yaml.approved.yaml");
        assertThat(FileFailures.fileInTheWay(free)).isEmpty();
        assertThat(FileFailures.reason(new AccessDeniedException(free.toString()), free)).contains("permission denied");
        assertThat(FileFailures.reasonAndFix("permission denied", free, Path::toString, "cognigy.approve.dir"))
                .startsWith("permission denied; make ");
    }

    private interface Action {
        void run() throws IOException;
    }

    private static IOException failure(Action action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("expected the action to fail");
    }

    @Test
    @DisplayName("a link to nothing written relative to its folder is named by where it points from there")
    void relativeDanglingLink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("cassettes"), Path.of("../restored/cassettes"));

        assertThat(FileFailures.reason(new java.nio.file.FileAlreadyExistsException(link.toString())))
                .isEqualTo("a symbolic link to " + dir.getParent().resolve("restored/cassettes") + ", which does not exist");
    }

    @Test
    @DisplayName("a device is no file: neither a file, a folder nor nothing")
    void noFile() throws Exception {
        Path file = Files.writeString(dir.resolve("data.yaml"), "");
        assertThat(FileFailures.isNoFile(file)).isFalse();
        assertThat(FileFailures.isNoFile(dir)).isFalse();
        assertThat(FileFailures.isNoFile(dir.resolve("none.yaml"))).isFalse();
        Path device = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(device), "a platform with /dev/null");
        assertThat(FileFailures.isNoFile(device)).isTrue();
    }
}
