// The metrics charts' load: a query_range answer of 10 series × 1,440 points (a day at one
// minute) parsed into a chart model, and a redraw of a chart card holding it, offscreen.
#include <benchmark/benchmark.h>

#include "metrics/chartcard.h"
#include "metrics/chartmodel.h"
#include "metrics/promquery.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

constexpr int SeriesCount = 10;
constexpr int Points = 1440;
constexpr qint64 Start = 1764633600; // seconds
constexpr int Step = 60;

QByteArray reply()
{
    QJsonArray result;
    for (int s = 0; s < SeriesCount; ++s) {
        QJsonArray values;
        for (int i = 0; i < Points; ++i)
            values.append(QJsonArray{double(Start + i * Step), QString::number(100 + s * 10 + (i % 37) * 0.25, 'f', 3)});
        result.append(QJsonObject{{u"metric"_s, QJsonObject{{u"pod"_s, u"model-registry-ui-%1"_s.arg(s)}}}, {u"values"_s, values}});
    }
    return QJsonDocument(QJsonObject{{u"status"_s, u"success"_s}, {u"data"_s, QJsonObject{{u"resultType"_s, u"matrix"_s}, {u"result"_s, result}}}})
        .toJson(QJsonDocument::Compact);
}

const dc::metrics::ChartDef Chart{u"cpu"_s, u"CPU"_s, u"cores"_s, u"cAdvisor"_s, {{QString(), u"rate(container_cpu_usage_seconds_total[5m])"_s}}};

void BM_ParseIntoChartModel(benchmark::State &state)
{
    const QByteArray body = reply();
    dc::metrics::ChartModel model;
    for (auto _ : state) {
        const dc::metrics::QueryResult r = dc::metrics::parseQueryReply(200, body);
        model.setData(Chart, {r}, Start * 1000, (Start + (Points - 1) * Step) * 1000, Step);
        benchmark::DoNotOptimize(model.rowCount());
    }
    state.counters["bytes"] = double(body.size());
}
BENCHMARK(BM_ParseIntoChartModel)->Unit(benchmark::kMillisecond);

void BM_ChartRedraw(benchmark::State &state)
{
    dc::ChartCard card(Chart);
    card.resize(1000, 330);
    card.show();
    card.model()->setData(Chart, {dc::metrics::parseQueryReply(200, reply())}, Start * 1000, (Start + (Points - 1) * Step) * 1000, Step);
    QApplication::processEvents();
    for (auto _ : state) {
        card.redraw();
        benchmark::DoNotOptimize(card.grab());
    }
}
BENCHMARK(BM_ChartRedraw)->Unit(benchmark::kMillisecond);

void BM_ChartRedrawNoPaint(benchmark::State &state)
{
    dc::ChartCard card(Chart);
    card.resize(1000, 330);
    card.show();
    card.model()->setData(Chart, {dc::metrics::parseQueryReply(200, reply())}, Start * 1000, (Start + (Points - 1) * Step) * 1000, Step);
    QApplication::processEvents();
    for (auto _ : state)
        card.redraw();
}
BENCHMARK(BM_ChartRedrawNoPaint)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
