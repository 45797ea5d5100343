#include "common.h"

#include "config/assignment.h"
#include "manifests/bundle.h"

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
        out() << parser.helpText();
        return Ok;
    }
    const QString format = parser.value(output);
    if (format != u"text"_s && format != u"json"_s) {
        err() << "--output must be text or json, not " << format << "\n";
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

} // namespace dc::cli
