#include "common.h"

#include "config/assignment.h"
#include "kube/kubeclient.h"
#include "kube/kubeconfig.h"
#include "manifests/bundle.h"

#include <QRegularExpression>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace dc::cli {

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

int Common::parse(const QStringList &args)
{
    if (!parser.parse(args)) {
        err() << parser.errorText() << "\nRun `" << args.mid(0, 2).join(u' ') << " --help` for the options.\n";
        return Usage;
    }
    if (parser.isSet(help)) {
        // The formats this command takes, not only the common two.
        QString text = parser.helpText();
        QStringList shown = formats;
        shown.first() += u" (default)"_s;
        const QString last = shown.takeLast();
        text.replace(u"Output format: text (default) or json."_s, u"Output format: %1 or %2."_s.arg(shown.join(u", "_s), last));
        out() << text;
        return Ok;
    }
    const QString format = parser.value(output);
    if (!formats.contains(format)) {
        err() << "--output must be " << QStringList(formats.mid(0, formats.size() - 1)).join(u", "_s) << (formats.size() > 1 ? " or " : "") << formats.constLast()
              << ", not " << format << "\n";
        return Usage;
    }
    json = format == u"json"_s;
    return -1;
}

void printJson(const QJsonValue &v)
{
    out() << (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Indented);
    out().flush();
}

void printNotes(const Bundle &b)
{
    for (const Note &n : b.notes)
        err() << "note: " << n.message << "\n";
}

int loadProject(const QCommandLineParser &p, const QCommandLineOption &projectOpt, bool json, Loaded *loaded)
{
    if (!p.isSet(projectOpt)) {
        loaded->source = u"<built-in defaults>"_s;
        return -1;
    }
    const QString path = p.value(projectOpt);
    const ProjectLoad r = loadProjectFile(path);
    if (!r.project) {
        if (json) {
            QJsonArray a;
            for (const ConfigIssue &i : r.issues)
                a.append(toJson(i));
            printJson(QJsonObject{{u"ok"_s, false}, {u"issues"_s, a}});
        } else {
            for (const ConfigIssue &i : r.issues)
                err() << i.format() << "\n";
            err() << r.issues.size() << (r.issues.size() == 1 ? " problem" : " problems") << " in " << path << "; nothing was rendered or written.\n";
        }
        return BadInput;
    }
    loaded->project = *r.project;
    loaded->source = path;
    return -1;
}

int applySettings(const QCommandLineParser &p, const QCommandLineOption &set, bool json, Project *project)
{
    for (const QString &assignment : p.values(set)) {
        QString error;
        const std::optional<SettingAssignment> a = parseSettingAssignment(assignment, &error);
        if (!a) {
            if (json)
                printJson(QJsonObject{{u"ok"_s, false}, {u"issues"_s, QJsonArray{QJsonObject{{u"field"_s, assignment}, {u"message"_s, error}}}}});
            else
                err() << "--set " << error << "\n";
            return Usage;
        }
        project->values.insert(a->path, LayerValue{a->value, u"--set"_s, 0});
    }
    return -1;
}

int ClusterOptions::timeoutMs(const QCommandLineParser &p) const
{
    bool ok = false;
    const double seconds = p.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0) {
        err() << "--timeout: \"" << p.value(timeout) << "\" is not a number of seconds\n";
        return -1;
    }
    return int(seconds * 1000);
}

qint64 parseDuration(const QString &text)
{
    bool number = false;
    const double seconds = text.toDouble(&number);
    if (number)
        return seconds >= 0 ? qint64(seconds * 1000) : -1;
    static const QRegularExpression part(u"(\\d+(?:\\.\\d+)?)(ms|s|m|h)"_s);
    qint64 total = 0;
    qsizetype at = 0;
    auto it = part.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() != at)
            return -1;
        at = m.capturedEnd();
        const double value = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        total += qint64(value * (unit == u"ms"_s ? 1 : unit == u"s"_s ? 1000 : unit == u"m"_s ? 60000 : 3600000));
    }
    return at == text.size() && at > 0 ? total : -1;
}

std::unique_ptr<kube::KubeClient> ClusterOptions::connect(const QCommandLineParser &p, int *rc) const
{
    const kube::Kubeconfig config = kube::Kubeconfig::load(kube::Kubeconfig::fromEnvironment(p.value(kubeconfig)));
    QString error;
    const std::optional<kube::Kubeconfig::Resolved> resolved = config.resolve(p.value(context), &error);
    if (!resolved) {
        for (const kube::KubeconfigProblem &problem : config.problems)
            err() << problem.file << ":" << problem.line << ": " << problem.message << "\n";
        err() << "error: " << error << "\n";
        *rc = BadInput;
        return nullptr;
    }
    auto client = std::make_unique<kube::KubeClient>(*resolved);
    if (hasTimeout) {
        const int ms = timeoutMs(p);
        if (ms < 0) {
            *rc = Usage;
            return nullptr;
        }
        client->setTimeout(ms);
    }
    return client;
}

} // namespace dc::cli
