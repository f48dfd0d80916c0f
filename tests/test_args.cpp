// SPDX-License-Identifier: GPL-3.0-or-later
// anchorscope-cli's option declarations (app/cli/args.h): what a command may read.
#include "../app/cli/args.h"

#include <QtTest>

#include <stdexcept>
#include <string>

class TestArgs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Options are declared up front: a value or its default for a declared one, "not given"
    // for an undeclared has(), and a loud error for reading an undeclared one — a typo in a
    // command or a shared option helper must not read as an empty value.
    void argsReadOnlyDeclaredOptions()
    {
        using anchorscope::cli::Args;
        Args a("probe", "", {{"cache", "CACHE", "", true, ""}, {"bootstrap", "B", "", false, "1000"}, {"ci", "", "", false, ""}});
        QVERIFY(a.parse({"--cache", "c.bin", "--ci"}));
        QCOMPARE(a.get("cache"), std::string("c.bin"));
        QCOMPARE(a.getInt("bootstrap"), 1000LL);
        QVERIFY(a.flag("ci"));
        QVERIFY(!a.has("validation-cache"));
        bool threw = false;
        try {
            (void)a.get("validation-cache");
        } catch (const std::logic_error& e) {
            threw = QString::fromLatin1(e.what()).contains(QStringLiteral("--validation-cache"));
        }
        QVERIFY(threw);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, a.getDouble("max-drop"));
        QVERIFY(!a.parse({"--cache", "c.bin", "--frobnicate", "1"}));
        QVERIFY(QString::fromStdString(a.error()).contains(QStringLiteral("frobnicate")));
    }
};

QTEST_APPLESS_MAIN(TestArgs)
#include "test_args.moc"
