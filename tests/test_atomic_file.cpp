// SPDX-License-Identifier: GPL-3.0-or-later
// Atomic writes: a failed or killed write never destroys the previous file and leaves no
// temporary file behind (after an error; a killed process may leave one, never a torn target).
#include "test_util.h"

#include "util/atomic_file.h"

#include <QDir>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace anchorscope;

class TestAtomicFile : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    QStringList entries() const { return QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden); }

private Q_SLOTS:
    void writesAndReplaces()
    {
        const std::string p = testutil::tempPath(dir_, "a.txt");
        writeFileAtomically(p, "first");
        QCOMPARE(readWholeFile(p), std::string("first"));
        writeFileAtomically(p, "second, longer");
        QCOMPARE(readWholeFile(p), std::string("second, longer"));
        QCOMPARE(entries(), QStringList{QStringLiteral("a.txt")});
    }

    void failedWriterKeepsOldFile()
    {
        const std::string p = testutil::tempPath(dir_, "b.txt");
        writeFileAtomically(p, "precious");
        bool threw = false;
        try {
            writeFileAtomically(p, [](std::ostream& out) {
                out << "half of the new content";
                throw std::runtime_error("simulated failure midway");
            });
        } catch (const std::runtime_error&) {
            threw = true;
        }
        QVERIFY(threw);
        QCOMPARE(readWholeFile(p), std::string("precious"));
        QVERIFY(!entries().join(QLatin1Char(' ')).contains(QStringLiteral(".tmp-")));
    }

    void killedProcessKeepsOldFile()
    {
        const std::string p = testutil::tempPath(dir_, "c.bin");
        writeFileAtomically(p, "old content");
        int pipefd[2];
        QVERIFY(::pipe(pipefd) == 0);
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            ::close(pipefd[0]);
            writeFileAtomically(p, [&](std::ostream& out) {
                out << std::string(1 << 20, 'x');
                out.flush();
                const char go = 'w';
                (void)!::write(pipefd[1], &go, 1); // tell the parent we are mid-write
                ::pause();                         // ... and wait to be killed
            });
            ::_exit(0);
        }
        ::close(pipefd[1]);
        char c = 0;
        QCOMPARE(::read(pipefd[0], &c, 1), ssize_t(1));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        QCOMPARE(readWholeFile(p), std::string("old content"));
    }

    void unwritableDirectoryIsAnInputError()
    {
        EXPECT_INPUT_ERROR(writeFileAtomically("/nonexistent-dir/x.txt", "x"), "/nonexistent-dir/x.txt");
        EXPECT_INPUT_ERROR(readWholeFile("/nonexistent-dir/x.txt"), "file not found");
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "test_atomic_file.moc"
