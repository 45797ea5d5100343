#include "linediff.h"

#include <vector>

using namespace Qt::StringLiterals;

namespace dc {

QList<DiffLine> diffLines(const QStringList &a, const QStringList &b)
{
    // Common head and tail first: typical edits change a few lines in the middle.
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    // LCS lengths of the middle parts, suffix-wise.
    std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
    auto at = [&](qsizetype i, qsizetype j) -> int & { return lcs[size_t(i * (m + 1) + j)]; };
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    QList<DiffLine> out;
    out.reserve(a.size() + m);
    for (qsizetype k = 0; k < head; ++k)
        out.append({DiffLine::Same, a[k], int(k + 1), int(k + 1)});
    qsizetype i = 0, j = 0;
    QList<DiffLine> removed, added;
    auto flush = [&] {
        out += removed;
        out += added;
        removed.clear();
        added.clear();
    };
    while (i < n || j < m) {
        if (i < n && j < m && a[head + i] == b[head + j]) {
            flush();
            out.append({DiffLine::Same, a[head + i], int(head + i + 1), int(head + j + 1)});
            ++i;
            ++j;
        } else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
            removed.append({DiffLine::Removed, a[head + i], int(head + i + 1), 0});
            ++i;
        } else {
            added.append({DiffLine::Added, b[head + j], 0, int(head + j + 1)});
            ++j;
        }
    }
    flush();
    for (qsizetype k = 0; k < tail; ++k)
        out.append({DiffLine::Same, a[a.size() - tail + k], int(a.size() - tail + k + 1), int(b.size() - tail + k + 1)});
    return out;
}

QString unifiedDiff(const QList<DiffLine> &diff, const QString &beforeName, const QString &afterName, int context)
{
    QString out = u"--- "_s + beforeName + u"\n+++ "_s + afterName + u'\n';
    qsizetype k = 0;
    const qsizetype size = diff.size();
    while (k < size) {
        if (diff[k].type == DiffLine::Same) {
            ++k;
            continue;
        }
        // A hunk: from `context` lines before this change to `context` lines after the last
        // change that is no more than 2*context lines away.
        const qsizetype start = std::max<qsizetype>(0, k - context);
        qsizetype end = k;
        qsizetype lastChange = k;
        while (end < size && end - lastChange <= 2 * context) {
            if (diff[end].type != DiffLine::Same)
                lastChange = end;
            ++end;
        }
        end = std::min(size, lastChange + context + 1);
        int oldStart = 0, newStart = 0, oldCount = 0, newCount = 0;
        QString body;
        for (qsizetype x = start; x < end; ++x) {
            const DiffLine &d = diff[x];
            if (d.type != DiffLine::Added) {
                if (!oldStart)
                    oldStart = d.oldLine;
                ++oldCount;
            }
            if (d.type != DiffLine::Removed) {
                if (!newStart)
                    newStart = d.newLine;
                ++newCount;
            }
            body += (d.type == DiffLine::Same ? u' ' : d.type == DiffLine::Removed ? u'-' : u'+') + d.text + u'\n';
        }
        out += u"@@ -%1,%2 +%3,%4 @@\n"_s.arg(oldStart).arg(oldCount).arg(newStart).arg(newCount) + body;
        k = end;
    }
    return out;
}

} // namespace dc
