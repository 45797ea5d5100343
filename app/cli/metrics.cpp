#include "common.h"

#include "manifests/generator.h"
#include "metrics/charts.h"
#include "metrics/prometheusclient.h"
#include "metrics/prometheusdiscovery.h"
#include "kube/kubeclient.h"

#include <QEventLoop>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc::cli {

namespace {

metrics::QueryResult run(metrics::PromCall *call)
{
    QEventLoop loop;
    QObject::connect(call, &metrics::PromCall::finished, &loop, &QEventLoop::quit);
    loop.exec();
    call->deleteLater();
    return call->result;
}

QString number(double v)
{
    if (std::isnan(v))
        return u"NaN"_s;
    if (std::isinf(v))
        return v > 0 ? u"+Inf"_s : u"-Inf"_s;
    return QString::number(v, 'g', 6);
}

QJsonValue jsonNumber(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(number(v)); // JSON has no NaN or Inf
}

/// Prometheus through the API server: `chosen` ("[https:]NS/NAME[:PORT]"), else the one
/// discovery finds. Returns -1 with `endpoint` set, else the exit code after saying why.
int findThroughCluster(kube::KubeClient *cluster, const QString &chosen, const QString &targetNamespace, metrics::PrometheusEndpoint *endpoint)
{
    metrics::PrometheusCandidate candidate;
    if (!chosen.isEmpty()) {
        if (!metrics::parseServiceId(chosen, &candidate)) {
            err() << "--prometheus-service: \"" << chosen << "\" is not [https:]NAMESPACE/NAME[:PORT]\n";
            return Usage;
        }
        *endpoint = candidate.endpoint(cluster);
        return -1;
    }
    metrics::PrometheusDiscovery discovery(cluster);
    QEventLoop loop;
    QObject::connect(&discovery, &metrics::PrometheusDiscovery::finished, &loop, &QEventLoop::quit);
    discovery.start({targetNamespace});
    loop.exec();
    for (const QString &note : discovery.notes())
        err() << "note: " << note << "\n";
    if (const metrics::PrometheusCandidate *only = discovery.unambiguous()) {
        err() << "Prometheus: " << only->display() << "\n";
        *endpoint = only->endpoint(cluster);
        return -1;
    }
    if (discovery.candidates().isEmpty()) {
        err() << "No Prometheus found in " << cluster->context().cluster.server
              << " by the usual labels (app=kube-prometheus-stack-prometheus, app.kubernetes.io/name=prometheus, app.kubernetes.io/name=thanos-query, "
                 "operated-prometheus=true). Name its Service with --prometheus-service NAMESPACE/NAME:PORT, or give --prometheus URL.\n";
        return Findings;
    }
    err() << "Several Prometheus servers match; choose one with --prometheus-service:\n";
    for (const metrics::PrometheusCandidate &c : discovery.candidates())
        err() << "  --prometheus-service " << c.id() << "    (" << c.kind << (c.note.isEmpty() ? QString() : u"; "_s + c.note) << ")\n";
    return Usage;
}

} // namespace

int cmdMetrics(const QStringList &args)
{
    Common c(u"Chart data of the deployed module from Prometheus: requests, latency and errors (Istio telemetry, when the module is in the mesh), "
             "replicas and restarts (kube-state-metrics), CPU and memory against requests and limits (cAdvisor), the module's own metrics. "
             "Each chart shows its PromQL; a chart without data says which metric is missing and what usually provides it. "
             "--timeout bounds the API server's requests and, when given, each Prometheus query (30 s otherwise).\n"
             "Exit codes: 0 every query answered, 1 Prometheus could not be reached or refused a query, 2 usage error, 3 unreadable input."_s);
    TargetOptions t;
    t.add(c.parser);
    QCommandLineOption prometheus(u"prometheus"_s, u"Prometheus' URL, with its sub-path if any (http://127.0.0.1:9090, https://thanos.example/prefix)."_s, u"url"_s);
    ClusterOptions cluster;
    QCommandLineOption service(u"prometheus-service"_s, u"Without --prometheus: this Service through the API server's service proxy, as [https:]NAMESPACE/NAME[:PORT] "
                                                       "(default: the one found by its labels)."_s, u"service"_s);
    QCommandLineOption kubeToken(u"kubeconfig-token"_s, u"With --prometheus: send the kubeconfig user's bearer token (OpenShift's thanos-querier route)."_s);
    QCommandLineOption tenancy(u"tenancy-namespace"_s, u"Thanos querier's tenancy port (OpenShift, 9092): add namespace=NS to every query."_s, u"namespace"_s);
    QCommandLineOption chart(u"chart"_s, u"Only this chart: requests, latency, errors, replicas, restarts, cpu, memory, module."_s, u"name"_s);
    QCommandLineOption query(u"query"_s, u"Chart this PromQL instead of the built-in charts."_s, u"promql"_s);
    QCommandLineOption range(u"range"_s, u"How far back (e.g. 15m, 1h, 6h, 24h; default 1h)."_s, u"duration"_s, u"1h"_s);
    QCommandLineOption step(u"step"_s, u"Resolution (default: from the range, about 240 points)."_s, u"duration"_s);
    QCommandLineOption tokenFile(u"bearer-token-file"_s, u"Send the token in FILE as a bearer token."_s, u"file"_s);
    QCommandLineOption basicUser(u"basic-auth-user"_s, u"Basic auth with this user; the password comes from $PROMETHEUS_PASSWORD."_s, u"user"_s);
    QCommandLineOption caFile(u"ca-file"_s, u"Trust the CA certificates in FILE (PEM) for an https:// Prometheus."_s, u"file"_s);
    QCommandLineOption header(u"header"_s, u"Send this header with every request (\"X-Scope-OrgID: team\"); repeatable."_s, u"name: value"_s);
    cluster.add(c.parser);
    for (const auto &o : {prometheus, service, kubeToken, tenancy, chart, query, range, step, tokenFile, basicUser, caFile, header})
        c.parser.addOption(o);
    c.formats = {u"text"_s, u"table"_s, u"json"_s, u"csv"_s}; // text is the table
    if (const int rc = c.parse(args); rc >= 0)
        return rc;
    const QString format = c.parser.value(c.output) == u"text"_s ? u"table"_s : c.parser.value(c.output);
    const qint64 rangeMs = parseDuration(c.parser.value(range));
    const qint64 stepMs = c.parser.isSet(step) ? parseDuration(c.parser.value(step)) : 0;
    if (rangeMs <= 0 || stepMs < 0 || (c.parser.isSet(step) && stepMs < 1000)) {
        err() << "--range and --step take durations such as 90s, 15m, 1h (the step at least 1s)\n";
        return Usage;
    }
    Loaded loaded;
    Target target;
    if (const int rc = t.resolve(c.parser, format == u"json"_s, &loaded, &target); rc >= 0)
        return rc;

    // Prometheus at a URL, or through the cluster's API server (a Service found by its labels or named).
    const bool viaCluster = !c.parser.isSet(prometheus);
    if (viaCluster && c.parser.isSet(service)) {
        metrics::PrometheusCandidate chosen;
        if (!metrics::parseServiceId(c.parser.value(service), &chosen)) {
            err() << "--prometheus-service: \"" << c.parser.value(service) << "\" is not [https:]NAMESPACE/NAME[:PORT]\n";
            return Usage;
        }
    }
    if (viaCluster && !c.parser.isSet(cluster.kubeconfig) && !c.parser.isSet(cluster.context) && qEnvironmentVariableIsEmpty("KUBECONFIG")
        && !QFile::exists(QDir::homePath() + u"/.kube/config"_s)) {
        err() << "Give Prometheus' address with --prometheus URL, or the cluster to find it in with --kubeconfig FILE "
                 "(there is no kubeconfig: $KUBECONFIG is unset and ~/.kube/config does not exist).\n";
        return Usage;
    }
    std::unique_ptr<kube::KubeClient> kube;
    if (viaCluster || c.parser.isSet(kubeToken)) {
        int rc = Ok;
        kube = cluster.connect(c.parser, &rc);
        if (!kube)
            return rc;
    }
    metrics::PrometheusEndpoint endpoint;
    if (viaCluster) {
        if (const int rc = findThroughCluster(kube.get(), c.parser.value(service), metrics::chartContextOf(generate(loaded.project, target)).ns, &endpoint); rc >= 0)
            return rc;
    } else {
        endpoint.url = QUrl(c.parser.value(prometheus));
        if (!endpoint.url.isValid() || (endpoint.url.scheme() != u"http"_s && endpoint.url.scheme() != u"https"_s)) {
            err() << "--prometheus: \"" << c.parser.value(prometheus) << "\" is no http:// or https:// URL\n";
            return Usage;
        }
        if (c.parser.isSet(kubeToken)) {
            endpoint.cluster = kube.get();
            endpoint.auth = metrics::PrometheusEndpoint::Auth::KubeconfigUser;
        }
    }
    endpoint.tenancyNamespace = c.parser.value(tenancy);
    auto readFile = [](const QString &path, QByteArray *data) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            err() << path << ": " << f.errorString() << "\n";
            return false;
        }
        *data = f.readAll().trimmed();
        return true;
    };
    if (c.parser.isSet(tokenFile)) {
        QByteArray token;
        if (!readFile(c.parser.value(tokenFile), &token))
            return BadInput;
        endpoint.auth = metrics::PrometheusEndpoint::Auth::Bearer;
        endpoint.token = QString::fromUtf8(token);
    } else if (c.parser.isSet(basicUser)) {
        endpoint.auth = metrics::PrometheusEndpoint::Auth::Basic;
        endpoint.user = c.parser.value(basicUser);
        endpoint.password = qEnvironmentVariable("PROMETHEUS_PASSWORD");
    }
    if (c.parser.isSet(caFile) && !readFile(c.parser.value(caFile), &endpoint.caCertificates))
        return BadInput;
    for (const QString &h : c.parser.values(header)) {
        if (!h.contains(u':')) {
            err() << "--header: write it as \"Name: value\"\n";
            return Usage;
        }
        endpoint.headers.append({h.section(u':', 0, 0).trimmed().toUtf8(), h.section(u':', 1).trimmed().toUtf8()});
    }

    const QDateTime end = QDateTime::currentDateTimeUtc();
    const QDateTime start = end.addMSecs(-rangeMs);
    const int stepSeconds = stepMs > 0 ? int(stepMs / 1000) : metrics::stepFor(rangeMs / 1000);
    QList<metrics::ChartDef> charts;
    if (c.parser.isSet(query)) {
        charts.append({u"query"_s, u"Query"_s, QString(), QString(), {{QString(), c.parser.value(query)}}});
    } else {
        const metrics::ChartContext where = metrics::chartContextOf(generate(loaded.project, target));
        for (const metrics::ChartDef &def : metrics::builtinCharts(where, metrics::rateWindow(stepSeconds)))
            if (!c.parser.isSet(chart) || def.id == c.parser.value(chart))
                charts.append(def);
        if (charts.isEmpty()) {
            err() << "--chart: \"" << c.parser.value(chart) << "\" is not a chart of this module (" << target.id() << ")\n";
            return Usage;
        }
    }

    metrics::PrometheusClient client(endpoint);
    if (c.parser.isSet(cluster.timeout))
        client.setTimeout(cluster.timeoutMs(c.parser));
    int rc = Ok;
    QJsonArray jsonCharts;
    if (format == u"csv"_s)
        out() << "chart,series,time,value\n";
    for (const metrics::ChartDef &def : std::as_const(charts)) {
        QJsonArray jsonQueries;
        QStringList missingLines;
        if (format == u"table"_s)
            out() << "\n" << def.title << (def.unit.isEmpty() ? QString() : u" ("_s + def.unit + u')')
                  << (def.source.isEmpty() ? QString() : u" — "_s + def.source) << "\n";
        bool anySeries = false;
        for (const metrics::ChartQuery &q : def.queries) {
            const metrics::QueryResult r = run(client.queryRange(q.promql, start, end, stepSeconds));
            QJsonArray series;
            if (format == u"table"_s) {
                out() << "  query: " << q.promql << "\n";
                for (const QString &w : r.warnings)
                    out() << "  warning: " << w << "\n";
                if (!r.ok)
                    out() << "  error: " << (r.errorType.isEmpty() ? QString() : r.errorType + u": "_s) << r.error << "\n";
            }
            if (!r.ok)
                rc = Findings;
            for (const metrics::Series &s : r.series) {
                anySeries = true;
                const QString name = q.legend.isEmpty() ? s.name() : metrics::legendOf(q, s.labels);
                double lo = std::numeric_limits<double>::infinity(), hi = -lo, last = std::numeric_limits<double>::quiet_NaN();
                QJsonArray points;
                for (const metrics::Point &p : s.points) {
                    if (std::isfinite(p.v)) {
                        lo = std::min(lo, p.v);
                        hi = std::max(hi, p.v);
                    }
                    last = p.v;
                    if (format == u"json"_s)
                        points.append(QJsonArray{double(p.t) / 1000.0, jsonNumber(p.v)});
                    if (format == u"csv"_s)
                        out() << def.id << ",\"" << QString(name).replace(u'"', u"\"\""_s) << "\"," << QDateTime::fromMSecsSinceEpoch(p.t, Qt::UTC).toString(Qt::ISODate)
                              << "," << number(p.v) << "\n";
                }
                if (format == u"table"_s)
                    out() << QStringLiteral("  %1 last %2  min %3  max %4  (%5 points)\n")
                                 .arg(name.leftJustified(12), number(last).leftJustified(10), number(std::isfinite(lo) ? lo : last).leftJustified(10),
                                      number(std::isfinite(hi) ? hi : last).leftJustified(10))
                                 .arg(s.points.size());
                QJsonObject labels;
                for (auto it = s.labels.begin(); it != s.labels.end(); ++it)
                    labels.insert(it.key(), it.value());
                series.append(QJsonObject{{u"name"_s, name}, {u"labels"_s, labels}, {u"points"_s, points}});
            }
            jsonQueries.append(QJsonObject{{u"legend"_s, q.legend}, {u"promql"_s, q.promql}, {u"ok"_s, r.ok}, {u"error"_s, r.error}, {u"errorType"_s, r.errorType},
                                           {u"warnings"_s, QJsonArray::fromStringList(r.warnings)}, {u"truncated"_s, r.truncated}, {u"series"_s, series}});
        }
        // No data: which metric is missing, and what usually provides it.
        if (!anySeries && rc == Ok) {
            QStringList names;
            for (const metrics::ChartQuery &q : def.queries)
                for (const QString &m : metrics::metricNames(q.promql))
                    if (!names.contains(m))
                        names << m;
            for (const QString &m : std::as_const(names)) {
                const metrics::QueryResult present = run(client.query(u"count(%1)"_s.arg(m)));
                if (present.ok && present.series.isEmpty())
                    missingLines << u"%1 is missing — it comes from %2"_s.arg(m, metrics::providerOf(m));
            }
            if (missingLines.isEmpty())
                missingLines << u"the metrics exist, but none for %1 in this range: is it deployed and receiving traffic?"_s.arg(target.id());
            if (format == u"table"_s)
                for (const QString &l : std::as_const(missingLines))
                    out() << "  no data: " << l << "\n";
        }
        jsonCharts.append(QJsonObject{{u"id"_s, def.id}, {u"title"_s, def.title}, {u"unit"_s, def.unit}, {u"source"_s, def.source}, {u"queries"_s, jsonQueries},
                                      {u"noData"_s, QJsonArray::fromStringList(missingLines)}});
        out().flush();
    }
    if (format == u"json"_s)
        printJson(QJsonObject{{u"prometheus"_s, endpoint.display()}, {u"start"_s, start.toString(Qt::ISODate)}, {u"end"_s, end.toString(Qt::ISODate)},
                              {u"stepSeconds"_s, stepSeconds}, {u"charts"_s, jsonCharts}});
    out().flush();
    return rc;
}

} // namespace dc::cli
