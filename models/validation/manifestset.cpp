#include "manifestset.h"

#include "manifests/bundle.h"
#include "manifests/yaml.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

const QStringList KustomizationNames = {u"kustomization.yaml"_s, u"kustomization.yml"_s, u"Kustomization"_s};

bool isKustomizationDir(const QString &dir)
{
    for (const QString &n : KustomizationNames)
        if (QFileInfo::exists(QDir(dir).filePath(n)))
            return true;
    return false;
}

void addDocuments(ManifestSet *set, std::vector<Node> docs, const QString &file, bool rendered)
{
    for (Node &doc : docs) {
        const Node *items = doc.get(u"items");
        if (doc.str(u"kind").endsWith(u"List"_s) && items && items->isSeq()) {
            for (const Node &item : items->items())
                set->docs.push_back(ManifestDoc{item, file, {}, item.line(), rendered});
            continue;
        }
        const int line = doc.line();
        set->docs.push_back(ManifestDoc{std::move(doc), file, {}, line, rendered});
    }
}

void readText(ManifestSet *set, const QByteArray &text, const QString &file, bool rendered)
{
    ParsedYaml parsed = parseYaml(text, file);
    for (const YamlIssue &i : parsed.issues)
        set->readFindings.append(Finding{Severity::Error, u"yaml"_s, file, i.line, i.column, QString(), QString(),
                                         i.message, QString()});
    if (parsed.ok() && parsed.documents.empty())
        set->readFindings.append(Finding{Severity::Warning, u"empty"_s, file, 1, 1, QString(), QString(),
                                         u"no Kubernetes objects in this file (empty or only comments)"_s, QString()});
    addDocuments(set, std::move(parsed.documents), file, rendered);
}

void readFile(ManifestSet *set, const QString &path, qint64 maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        set->readFindings.append(Finding{Severity::Error, u"unreadable"_s, path, 0, 0, {}, {}, u"cannot read: "_s + f.errorString(), {}});
        return;
    }
    if (f.size() > maxBytes) {
        set->readFindings.append(Finding{Severity::Error, u"unreadable"_s, path, 0, 0, {}, {},
                                         u"file is larger than %1 MiB; split it"_s.arg(maxBytes / (1024 * 1024)), {}});
        return;
    }
    set->sources << path;
    readText(set, f.readAll(), path, false);
}

void renderKustomization(ManifestSet *set, const QString &dir)
{
    const QString kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
    set->sources << dir;
    // The kustomization file itself is checked too (commonLabels, labels on selectors).
    for (const QString &n : KustomizationNames) {
        const QString path = QDir(dir).filePath(n);
        if (QFileInfo::exists(path)) {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                readText(set, f.readAll(), path, false);
            break;
        }
    }
    if (kubectl.isEmpty()) {
        set->readFindings.append(Finding{Severity::Error, u"kustomize-unavailable"_s, dir, 0, 0, {}, {},
                                         u"kustomization folders are rendered with `kubectl kustomize`, and kubectl is not on PATH; install it or validate the rendered output"_s, {}});
        return;
    }
    QProcess p;
    p.start(kubectl, {u"kustomize"_s, dir});
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        set->readFindings.append(Finding{Severity::Error, u"kustomize"_s, dir, 0, 0, {}, {},
                                         u"kubectl kustomize failed: "_s + (err.isEmpty() ? p.errorString() : err), {}});
        return;
    }
    readText(set, p.readAllStandardOutput(), dir + u" (kubectl kustomize)"_s, true);
}

void readDir(ManifestSet *set, const QString &dir, qint64 maxBytes)
{
    if (isKustomizationDir(dir)) {
        renderKustomization(set, dir);
        return;
    }
    QDir d(dir);
    const QFileInfoList entries = d.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo &e : entries) {
        if (e.fileName().startsWith(u'.'))
            continue;
        if (e.isDir() && !e.isSymLink())
            readDir(set, e.filePath(), maxBytes);
        else if (e.isFile() && (e.suffix() == u"yaml"_s || e.suffix() == u"yml"_s))
            readFile(set, e.filePath(), maxBytes);
    }
}

} // namespace

QString ManifestDoc::id() const
{
    const QString kind = root.str(u"kind");
    const QString name = root.str(u"metadata.name");
    return (kind.isEmpty() ? u"-"_s : kind) + u'/' + (name.isEmpty() ? u"-"_s : name);
}

const Node *ManifestDoc::nodeAt(const QString &path) const
{
    const Node *cur = &root;
    qsizetype i = 0;
    while (cur && i < path.size()) {
        if (path.at(i) == u'.') {
            ++i;
            continue;
        }
        if (path.at(i) == u'[') {
            const qsizetype end = path.indexOf(u']', i);
            if (end < 0)
                return cur;
            const int idx = path.mid(i + 1, end - i - 1).toInt();
            if (!cur->isSeq() || idx >= cur->size())
                return cur;
            cur = &cur->items()[idx];
            i = end + 1;
            continue;
        }
        qsizetype end = i;
        while (end < path.size() && path.at(end) != u'.' && path.at(end) != u'[')
            ++end;
        const Node *next = cur->get(QStringView(path).mid(i, end - i));
        if (!next)
            return cur;
        cur = next;
        i = end;
    }
    return cur;
}

int ManifestDoc::lineOf(const QString &path) const
{
    if (!lines.isEmpty()) {
        QString p = path;
        while (!p.isEmpty() && !lines.contains(p)) {
            const qsizetype cut = std::max(p.lastIndexOf(u'.'), p.lastIndexOf(u'['));
            p = cut > 0 ? p.left(cut) : QString();
        }
        return lines.value(p, startLine);
    }
    const Node *n = nodeAt(path);
    if (!n)
        return startLine;
    return n->keyLine() ? n->keyLine() : (n->line() ? n->line() : startLine);
}

ManifestSet manifestsFromBundle(const Bundle &bundle, const QString &file)
{
    ManifestSet set;
    set.sources << file;
    const QString text = bundle.yaml(true);
    int line = 1;
    for (const QString &l : text.split(u'\n')) {
        if (!l.startsWith(u'#'))
            break;
        ++line;
    }
    for (const Document &d : bundle.documents) {
        const YamlText y = writeYaml(d.root);
        ManifestDoc doc{d.root, file, {}, line + 1, false};
        for (size_t i = 0; i < y.lines.size(); ++i)
            if (!doc.lines.contains(y.lines[i].fieldPath))
                doc.lines.insert(y.lines[i].fieldPath, doc.startLine + int(i));
        doc.lines.insert(QString(), doc.startLine);
        line = doc.startLine + int(y.lines.size());
        set.docs.push_back(std::move(doc));
    }
    return set;
}

ManifestSet manifestsFromPaths(const QStringList &paths, qint64 maxFileBytes)
{
    ManifestSet set;
    for (const QString &p : paths) {
        const QFileInfo info(p);
        if (!info.exists())
            set.readFindings.append(Finding{Severity::Error, u"unreadable"_s, p, 0, 0, {}, {}, u"no such file or folder"_s, {}});
        else if (info.isDir())
            readDir(&set, p, maxFileBytes);
        else
            readFile(&set, p, maxFileBytes);
    }
    return set;
}

ManifestSet manifestsFromText(const QByteArray &text, const QString &file)
{
    ManifestSet set;
    set.sources << file;
    readText(&set, text, file, false);
    return set;
}

} // namespace dc
