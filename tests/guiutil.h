#pragma once

// What the console's test suites share.

#include <QLineEdit>
#include <QTest>

namespace dctest {

/// Types into a line edit as a user does (select all, then the keys).
inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

} // namespace dctest
