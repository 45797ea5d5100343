#include "config/assignment.h"
#include "config/project.h"
#include "mainwindow.h"
#include "projectdocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

qint64 residentKb()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

void describe(QCoreApplication &)
{
    QCoreApplication::setApplicationName(u"Deploy Console"_s);
    QCoreApplication::setOrganizationName(u"modarch"_s);
    QCoreApplication::setOrganizationDomain(u"modarch.org"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(DC_VERSION));
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Configure, preview, check and export deployments of a modular web module."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption selfTest(u"self-test"_s, u"Open the window with the project (or the default one), wait for the first frame and the first complete preview, print the times and exit."_s);
    QCommandLineOption set(u"set"_s, u"After opening, change a setting (an undoable edit, not saved): FIELD=VALUE, repeatable."_s, u"FIELD=VALUE"_s);
    parser.addOption(selfTest);
    parser.addOption(set);
    parser.addPositionalArgument(u"project"_s, u"Project file to open."_s, u"[PROJECT]"_s);
    // --help and --version answer without a display: no window system is needed to print them.
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" || a == "-?") {
            QCoreApplication plain(argc, argv);
            describe(plain);
            parser.process(plain); // prints and exits
            return 0;
        }
    }
    QApplication app(argc, argv);
    describe(app);
    QApplication::setDesktopFileName(u"org.modarch.DeployConsole"_s);
    parser.process(app);

    dc::MainWindow window;
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        QString error;
        if (!window.openProject(args.first(), &error)) {
            QTextStream(stderr) << error << "\ncannot open " << args.first() << "\n";
            return 3;
        }
    } else if (parser.isSet(selfTest) || parser.isSet(set)) {
        window.showProject(dc::Project{}, QString());
    }
    for (const QString &assignment : parser.values(set)) {
        QString error;
        const std::optional<dc::SettingAssignment> a = dc::parseSettingAssignment(assignment, &error);
        if (!a) {
            QTextStream(stderr) << "--set " << error << "\n";
            return 2;
        }
        window.document()->setValue(a->path, a->value);
    }
    window.show();
    if (parser.isSet(selfTest)) {
        // The first frame has been painted once the event loop runs after show(); then wait
        // for the first findings (validation runs on a worker thread).
        QTimer::singleShot(0, &window, [&] {
            window.grab();
            QTextStream(stdout) << "first frame after " << sinceStart.elapsed() << " ms (" << window.objectCount() << " objects in preview, "
                                << residentKb() / 1024 << " MB resident)\n";
        });
        QObject::connect(&window, &dc::MainWindow::findingsUpdated, &window, [&] {
            QTextStream(stdout) << "first findings after " << sinceStart.elapsed() << " ms\n";
            QApplication::exit(window.objectCount() > 0 ? 0 : 1);
        });
        QTimer::singleShot(30000, &window, [] {
            QTextStream(stderr) << "self-test: no findings after 30 s\n";
            QApplication::exit(2);
        });
    }
    return app.exec();
}
