#pragma once

// What the console's test suites share.

#include "config/fields.h"
#include "config/project.h"
#include "formpage.h"
#include "mainwindow.h"

#include <QCoreApplication>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
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

/// Settings, the apply history and recovery files of a test stay in its own folder `home`.
inline void useOwnFolders(const QTemporaryDir &home)
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral("data"))));
    QCoreApplication::setOrganizationName(QStringLiteral("modarch"));
    QCoreApplication::setApplicationName(QStringLiteral("Deploy Console"));
}

/// A shown window with a new project for `target`.
inline void openNew(dc::MainWindow &w, const dc::Target &target)
{
    w.show();
    dc::Project p;
    p.target = target;
    w.showProject(p, QString());
}

/// The editor of field `path` on its page (built on first use).
template<typename T>
T *editor(dc::MainWindow &w, const QString &path)
{
    const dc::FieldDef *def = dc::findField(path);
    return def ? qobject_cast<T *>(w.page(def->page)->editorFor(path)) : nullptr;
}

} // namespace dctest
