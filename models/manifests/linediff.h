#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace dc {

/// One line of a line-by-line comparison.
struct DiffLine
{
    enum Type { Same, Removed, Added };
    Type type = Same;
    QString text;
    int oldLine = 0; // 1-based, 0 for added lines
    int newLine = 0; // 1-based, 0 for removed lines
    bool operator==(const DiffLine &o) const = default;
};

/// The shortest edit script between two texts' lines (longest common subsequence), with
/// removals before additions in each changed block.
QList<DiffLine> diffLines(const QStringList &before, const QStringList &after);

/// Unified diff text (---/+++ headers, @@ hunks with `context` lines around changes).
QString unifiedDiff(const QList<DiffLine> &diff, const QString &beforeName, const QString &afterName, int context = 3);

} // namespace dc
