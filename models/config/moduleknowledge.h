#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace dc {

class Node;
struct ConfigIssue;

/**
 * What validation knows of one module, read from its preset file's `knowledge:` section
 * (resources/profiles/preset-*.yaml): which containers are the module's, which environment
 * variables and files it does not read, and which upstream APIs it no longer uses. The
 * "module" lints check hand-written and generated manifests against it; nothing about a
 * particular module is written into the lints themselves.
 */
struct ModuleKnowledge
{
    QString preset;               // the preset id
    QString name;                 // "the Model Registry UI"
    QStringList images;           // parts of image references that mark the module's containers
    QString unreadEnv;            // pattern of environment variables the module does not read
    QString configuredBy;         // how the module is configured instead
    QStringList configMaps;       // ConfigMaps that are the module's by name
    QStringList unreadFiles;      // ConfigMap keys it does not read ("config.yaml")
    QString unreadFileMarker;     // a dotted key in such a file that shows it was meant for the module
    QStringList removedHosts;     // services it no longer talks to ("metadata-grpc-service")
    QString removedServicePrefix; // names of the Services that used to serve those APIs
    QList<int> removedPorts;      // and their ports
    QString removedWhy;           // what replaced them
    QStringList buildOnlyFlags;   // arguments the released images cannot run with ("--mock-k8s-client")
    QString buildOnlyWhy;         // why, and what to use instead

    [[nodiscard]] bool isEmpty() const { return images.isEmpty(); }
    /// True when the image reference is one of this module's.
    [[nodiscard]] bool ownsImage(const QString &image) const;
    bool operator==(const ModuleKnowledge &o) const = default;
};

/// Reads a preset document's `knowledge:` mapping; problems go to `issues` with file and line.
ModuleKnowledge readModuleKnowledge(const Node &presetDoc, const QString &preset, const QString &file, QList<ConfigIssue> *issues);

} // namespace dc
