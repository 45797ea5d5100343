// The baseline for the console's start-up benchmark: a window built from the same kinds of
// widgets as the console, holding static content — the page list, a form of ten fields, a
// resource tree, the default bundle's YAML and a findings table — that reports its first frame
// and memory the way `deploy-console --self-test` does. (An empty window paints no text, so it
// says little about what a console costs.)
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QTextStream>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QApplication app(argc, argv);
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *vertical = new QSplitter(Qt::Vertical, &window);
    auto *main = new QSplitter(Qt::Horizontal, vertical);
    auto *pages = new QListWidget(main);
    for (const char *title : {"General", "Images", "Resources & scaling", "Networking", "Authentication & RBAC", "Dashboard integration",
                              "Features", "Monitoring", "Build & release"})
        pages->addItem(QString::fromUtf8(title));
    auto *form = new QWidget(main);
    auto *fields = new QFormLayout(form);
    for (int i = 0; i < 10; ++i)
        fields->addRow(QStringLiteral("Setting %1").arg(i + 1), new QLineEdit(QStringLiteral("value %1").arg(i + 1), form));
    auto *tree = new QTreeWidget(main);
    tree->setHeaderLabels({QStringLiteral("Resource"), QStringLiteral("Findings")});
    auto *group = new QTreeWidgetItem(tree, {QStringLiteral("Workload")});
    for (const char *object : {"Namespace/kubeflow", "ServiceAccount/model-registry-ui", "Role/model-registry-ui", "Service/model-registry-ui",
                               "Deployment/model-registry-ui", "VirtualService/model-registry-ui", "AuthorizationPolicy/model-registry-ui"})
        new QTreeWidgetItem(group, {QString::fromUtf8(object), QString()});
    tree->expandAll();
    auto *yaml = new QPlainTextEdit(main);
    QFile golden(QStringLiteral(DEFAULT_BUNDLE_YAML));
    yaml->setPlainText(golden.open(QIODevice::ReadOnly) ? QString::fromUtf8(golden.readAll()) : QStringLiteral("(missing %1)").arg(golden.fileName()));
    auto *findings = new QTableWidget(12, 4, vertical);
    findings->setHorizontalHeaderLabels({QStringLiteral("Severity"), QStringLiteral("Line"), QStringLiteral("Object"), QStringLiteral("Message")});
    for (int r = 0; r < 12; ++r)
        for (int c = 0; c < 4; ++c)
            findings->setItem(r, c, new QTableWidgetItem(QStringLiteral("finding %1, column %2").arg(r).arg(c)));
    findings->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(vertical);
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
