// The baseline for the console's start-up benchmark: an empty Qt Widgets window that reports
// its first frame and memory the way `deploy-console --self-test` does.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QWidget window;
    window.resize(1440, 880);
    window.show();
    QTimer::singleShot(0, &window, [&] {
        window.grab();
        qint64 rssKb = -1;
        QFile f(QStringLiteral("/proc/self/status"));
        if (f.open(QIODevice::ReadOnly))
            for (const QByteArray &line : f.readAll().split('\n'))
                if (line.startsWith("VmRSS:"))
                    rssKb = line.mid(6).trimmed().split(' ').first().toLongLong();
        QTextStream(stdout) << "first frame after " << sinceStart.elapsed() << " ms (" << rssKb / 1024 << " MB resident)\n";
        QApplication::exit(0);
    });
    return app.exec();
}
