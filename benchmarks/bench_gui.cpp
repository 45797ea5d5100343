// The console's responsiveness: a keystroke through the event loop until its findings are shown
// (p50/p99 over 1,000 edits on the default project; the preview is updated and painted on the
// way), and start-up to first frame and memory as whole processes, against a window built from
// the same widgets holding static content (static_window) in the same run.
#include <benchmark/benchmark.h>

#include "config/project.h"
#include "formpage.h"
#include "mainwindow.h"
#include "projectdocument.h"
#include "yamlview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

void BM_KeystrokeToPreview(benchmark::State &state)
{
    dc::MainWindow w;
    w.resize(1440, 880);
    w.show();
    w.showProject(dc::Project{}, QString());
    QApplication::processEvents();
    auto *edit = qobject_cast<QLineEdit *>(w.page(u"images"_s)->editorFor(u"image.tag"_s));
    edit->setFocus();
    edit->end(false);
    std::vector<double> ms;
    const QString keys = u"abcdefghij"_s;
    int n = 0;
    QSignalSpy shown(&w, &dc::MainWindow::findingsUpdated);
    for (auto _ : state) {
        // Alternately type a character and delete it: the tag stays valid, every key re-renders
        // and is checked again.
        const bool type = n % 2 == 0;
        shown.clear();
        QElapsedTimer t;
        t.start();
        if (type)
            QTest::keyClick(edit, keys.at(n / 2 % keys.size()).toLatin1());
        else
            QTest::keyClick(edit, Qt::Key_Backspace);
        // Through the event loop: the preview repaints, the check runs on its worker, and the
        // findings are shown.
        if (shown.isEmpty() && !shown.wait(10000)) {
            state.SkipWithError("no findings after a keystroke");
            return;
        }
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        ++n;
    }
    state.counters["p50_ms"] = percentile(ms, 0.50);
    state.counters["p99_ms"] = percentile(ms, 0.99);
    state.counters["max_ms"] = percentile(ms, 1.0);
}

struct Start
{
    double ms = 0;
    double rssMb = 0;
};

Start startOnce(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(60000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto m = QRegularExpression(u"first frame after (\\d+) ms \\(.*?(\\d+) MB resident\\)"_s).match(out);
    if (!m.hasMatch())
        return {};
    return {m.captured(1).toDouble(), m.captured(2).toDouble()};
}

void BM_StartToFirstFrame(benchmark::State &state)
{
    std::vector<double> console, baseline, consoleRss, baselineRss;
    for (auto _ : state) {
        const Start e = startOnce(QStringLiteral(STATIC_WINDOW_PATH), {});
        const Start c = startOnce(QStringLiteral(DEPLOY_CONSOLE_PATH), {u"--self-test"_s});
        if (c.ms <= 0 || e.ms <= 0) {
            state.SkipWithError("a process did not report its first frame");
            return;
        }
        console.push_back(c.ms);
        baseline.push_back(e.ms);
        consoleRss.push_back(c.rssMb);
        baselineRss.push_back(e.rssMb);
    }
    const double cm = percentile(console, 0.5), em = percentile(baseline, 0.5);
    state.counters["console_first_frame_ms"] = cm;
    state.counters["static_window_first_frame_ms"] = em;
    state.counters["ratio"] = cm / em;
    state.counters["console_rss_MB"] = percentile(consoleRss, 0.5);
    state.counters["static_window_rss_MB"] = percentile(baselineRss, 0.5);
    state.counters["extra_rss_MB"] = percentile(consoleRss, 0.5) - percentile(baselineRss, 0.5);
}

} // namespace

BENCHMARK(BM_KeystrokeToPreview)->Unit(benchmark::kMillisecond)->Iterations(1000);
BENCHMARK(BM_StartToFirstFrame)->Unit(benchmark::kMillisecond)->Iterations(10);

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"modarch-benchmark"_s);
    QApplication::setApplicationName(u"Deploy Console benchmark"_s);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
