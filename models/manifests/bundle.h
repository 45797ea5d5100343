#pragma once

#include "config/target.h"
#include "node.h"

#include <QList>
#include <QString>
#include <vector>

class QDebug;

class QJsonArray;

namespace dc {

/// One generated Kubernetes object. Its nodes carry the config paths that produced them.
struct Document
{
    Node root;

    [[nodiscard]] QString apiVersion() const { return root.str(u"apiVersion"); }
    [[nodiscard]] QString kind() const { return root.str(u"kind"); }
    [[nodiscard]] QString name() const { return root.str(u"metadata.name"); }
    [[nodiscard]] QString ns() const { return root.str(u"metadata.namespace"); }
    /// "Kind/name" (e.g. "Deployment/model-registry-ui").
    [[nodiscard]] QString id() const { return kind() + u'/' + name(); }
    bool operator==(const Document &o) const { return root == o.root; }
};

/// Where the output departs from the deployment guide, or something the user should know.
struct Note
{
    QString id;
    QString message;
    QString configPath; // field the note is about ("" if none)
    bool operator==(const Note &o) const = default;
};

/**
 * A step outside the objects: a change to an object that other teams share, which a plain
 * manifest would clobber, or a wait the objects depend on.
 * - JsonEntry: a ConfigMap key holds JSON; add or update our entry in a list inside it
 *   (matched by `matchField`), keep every other entry (centraldashboard-config links,
 *   ODH federation-config).
 * - MergePatch: a JSON merge patch (RFC 7386) on an existing object (OdhDashboardConfig,
 *   DataScienceCluster).
 * - WaitForCrd: wait until the CustomResourceDefinition `name` exists and is Established (an
 *   operator installs it after an earlier step).
 * Steps run in the order of Bundle::actions; those with `beforeObjects` before the objects are
 * applied, the others after. Cluster apply performs merges as read-merge-write with a
 * resourceVersion precondition; export writes a patch file plus the command that applies it.
 */
struct MergeAction
{
    enum class Type { JsonEntry, MergePatch, WaitForCrd };
    Type type = Type::JsonEntry;
    bool beforeObjects = false;
    QString apiVersion;
    QString kind;
    QString name;
    QString ns;           // empty for cluster-scoped objects
    QString resource;     // plural lower-case resource name for kubectl ("configmap", "datasciencecluster")
    QString dataKey;      // JsonEntry: ConfigMap data key
    QString listKey;      // JsonEntry: key of the list inside the JSON object ("" = the JSON is the list)
    QString matchField;   // JsonEntry: field identifying our entry
    Node entry;           // JsonEntry: our entry
    Node patch;           // MergePatch: patch body
    QString summary;      // one line for humans
    QString configPath;
    QString fileName;     // base name of the exported patch file

    [[nodiscard]] QString id() const { return kind + u'/' + name; }
    bool operator==(const MergeAction &o) const = default;
};

struct Bundle
{
    Target target;
    std::vector<Document> documents; // apply order
    std::vector<MergeAction> actions;
    QList<Note> notes;

    /// Multi-document YAML of the documents (the steps around them are listed as comments on top).
    [[nodiscard]] QString yaml(bool withHeader = true) const;
    /// The steps and the objects in the order they are applied, one line each ("1. ...").
    [[nodiscard]] QStringList order() const;
};

/// Applies a JsonEntry action to the current JSON text of the ConfigMap key. Returns the new
/// JSON (compact) or an empty string with `error` set when the existing text is not what
/// the platform writes there.
QByteArray mergeJsonEntry(const QByteArray &existingJson, const MergeAction &action, QString *error);

QDebug operator<<(QDebug dbg, const Document &d);

/// As deployctl's --output json writes them.
QJsonArray toJson(const QList<Note> &notes);
QJsonArray toJson(const std::vector<MergeAction> &actions);

} // namespace dc
