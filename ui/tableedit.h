#pragma once

#include <QTableWidget>
#include <QVariant>

namespace dc {

/// A small table for a map (key, value) or a list (one item per row). There is always one
/// empty row at the end to add to; clearing a row removes the entry. Values may hold any
/// character (an annotation with commas or JSON is fine).
class TableEdit : public QTableWidget
{
    Q_OBJECT
public:
    enum Kind { Map, List };
    explicit TableEdit(Kind kind, QWidget *parent = nullptr);

    /// A QVariantMap (Map) or a QStringList (List).
    [[nodiscard]] QVariant value() const;
    void setValue(const QVariant &value);
    /// What is wrong with the rows as typed ("" when they form a valid value).
    [[nodiscard]] QString problem() const;

Q_SIGNALS:
    /// The rows changed; `problem` is empty when `value` is valid.
    void edited(const QVariant &value, const QString &problem);

private:
    void rowsChanged();
    void ensureEmptyLastRow();
    void fitHeight();

    Kind m_kind;
    bool m_updating = false;
};

} // namespace dc
