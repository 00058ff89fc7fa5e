package dev.jls.emulator.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The emulator's data directory: the database ({@value #DATABASE}, with SQLite's {@code -wal} and
 * {@code -shm} files beside it), the key made for it when none was given ({@value #API_KEY}), and a lock
 * ({@value #LOCK}) that keeps a second emulator out. The directory and every file in it are readable by
 * their owner only: the database holds deployments' env values.
 */
public final class DataDir {

    public static final String DATABASE = "emulator.db";
    public static final String API_KEY = "api-key";
    public static final String LOCK = "lock";
    /** The files the emulator writes; a reset removes these and nothing else. */
    static final List<String> FILES = List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm", API_KEY, LOCK);

    private final Path path;

    public DataDir(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /**
     * The data directory {@code jls emulator start} uses unless told otherwise: {@code $JLS_DATA_DIR},
     * else {@code $XDG_DATA_HOME/jls/emulator}, else {@code ~/.local/share/jls/emulator}.
     */
    public static DataDir defaultFor(Map<String, String> env) {
        String explicit = env.get("JLS_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new DataDir(Path.of(explicit));
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new DataDir(Path.of(xdg, "jls", "emulator"));
        }
        return new DataDir(Path.of(System.getProperty("user.home"), ".local", "share", "jls", "emulator"));
    }

    public Path path() {
        return path;
    }

    public Path database() {
        return path.resolve(DATABASE);
    }

    /** Whether a database was ever written here. */
    public boolean exists() {
        return Files.isRegularFile(database());
    }

    /** The bytes the emulator's files take here. */
    public long size() {
        long total = 0;
        for (String name : FILES) {
            try {
                total += Files.size(path.resolve(name));
            } catch (NoSuchFileException e) {
                // not written (yet)
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }

    /** Creates the directory, owner-only, if it is not there. */
    public void create() {
        try {
            if (!Files.isDirectory(path)) {
                Files.createDirectories(path.getParent());
                try {
                    Files.createDirectory(path, owner("rwx------"));
                } catch (FileAlreadyExistsException raced) {
                    // another process made it in between; it is checked below like any existing one
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(path);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + path + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(path)) {
            throw new StoreException(path + " is not a directory; pick another --data-dir");
        }
    }

    /** Creates {@code name} empty and owner-only, unless it is there already. */
    void createPrivateFile(Path file) throws IOException {
        try {
            Files.createFile(file, owner("rw-------"));
        } catch (FileAlreadyExistsException present) {
            // kept as it is: its permissions were set when it was made
        } catch (UnsupportedOperationException notPosix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    /**
     * Takes the directory's lock, so that no second emulator writes here while this one runs; the lock
     * goes with the process, also when it is killed.
     *
     * @throws StoreException when another emulator holds it
     */
    public Lock lock() {
        create();
        Path file = path.resolve(LOCK);
        FileChannel channel = null;
        try {
            createPrivateFile(file);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StoreException("the data directory " + path + " is in use by another emulator ("
                        + holder(file) + "); stop it, or pick another --data-dir");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
            return new Lock(channel, lock);
        } catch (OverlappingFileLockException sameProcess) {
            closeQuietly(channel);
            throw new StoreException("the data directory " + path + " is in use by another emulator in this"
                    + " process; pick another data directory");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock the data directory " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether an emulator holds the directory now. */
    public boolean inUse() {
        if (!Files.isRegularFile(path.resolve(LOCK))) {
            return false;
        }
        try (Lock ignored = lock()) {
            return false;
        } catch (StoreException held) {
            return true;
        }
    }

    private static String holder(Path lockFile) {
        try {
            String text = Files.readString(lockFile).trim();
            return text.isEmpty() ? "pid unknown" : text;
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** The directory's lock, held until closed or until the process ends. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the channel either way
            }
        }
    }

    /** The key kept here for an emulator given none, if one was made before. */
    public Optional<String> keptApiKey() {
        Path file = path.resolve(API_KEY);
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key kept here, or a new random one, kept here owner-only, when there is none: an emulator that
     * is given no key keeps answering the key its clients already have, restart after restart.
     */
    public String apiKey() {
        Optional<String> kept = keptApiKey();
        if (kept.isPresent()) {
            return kept.get();
        }
        create();
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        String key = "jls-" + HexFormat.of().formatHex(bytes);
        Path file = path.resolve(API_KEY);
        try {
            createPrivateFile(file);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return key;
    }

    /**
     * Removes the emulator's files from the directory (and the directory, when nothing else is in it);
     * other files are left alone.
     *
     * @throws StoreException when an emulator holds the directory
     */
    public void wipe() {
        if (!Files.isDirectory(path)) {
            return;
        }
        try (Lock ignored = lock()) {
            for (String name : FILES) {
                if (!name.equals(LOCK)) {
                    Files.deleteIfExists(path.resolve(name));
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot wipe " + path + ": " + e.getMessage(), e);
        }
        try {
            Files.deleteIfExists(path.resolve(LOCK));
            try (Stream<Path> rest = Files.list(path)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot wipe " + path + ": " + e.getMessage(), e);
        }
    }

    private static FileAttribute<?> owner(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
