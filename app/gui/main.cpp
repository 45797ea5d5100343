#include "config/project.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Deploy Console"_s);
    QApplication::setOrganizationDomain(u"modarch.org"_s);
    QApplication::setApplicationVersion(QStringLiteral(DC_VERSION));
    QApplication::setDesktopFileName(u"org.modarch.DeployConsole"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Configure, preview and export deployments of a modular web module."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption selfTest(u"self-test"_s, u"Open the window, wait for the first frame and preview, print the time and exit."_s);
    parser.addOption(selfTest);
    parser.addPositionalArgument(u"project"_s, u"Project file to open."_s, u"[PROJECT]"_s);
    parser.process(app);

    dc::Project project;
    const QStringList args = parser.positionalArguments();
    if (!args.isEmpty()) {
        const dc::ProjectLoad loaded = dc::loadProjectFile(args.first());
        if (!loaded.project) {
            QTextStream err(stderr);
            for (const dc::ConfigIssue &i : loaded.issues)
                err << i.format() << "\n";
            err << "cannot open " << args.first() << "\n";
            return 3;
        }
        project = *loaded.project;
    }

    dc::MainWindow window(project);
    window.show();
    if (parser.isSet(selfTest)) {
        // The first frame has been painted once the event loop runs after show(); then wait
        // for the first findings (validation runs on a worker thread).
        QTimer::singleShot(0, &window, [&] {
            window.grab();
            QTextStream(stdout) << "first frame after " << sinceStart.elapsed() << " ms (" << window.objectCount() << " objects in preview)\n";
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
