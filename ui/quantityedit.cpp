#include "quantityedit.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QRegularExpression>
#include <QSignalBlocker>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

struct Unit
{
    const char *suffix; // as written in the quantity
    const char *label;  // as shown
    double factor;      // in cores or bytes
};

constexpr Unit CpuUnits[] = {{"m", "millicores (m)", 0.001}, {"", "cores", 1}};
constexpr Unit MemoryUnits[] = {{"Mi", "MiB (Mi)", 1024.0 * 1024}, {"Gi", "GiB (Gi)", 1024.0 * 1024 * 1024}, {"Ki", "KiB (Ki)", 1024},
                                {"Ti", "TiB (Ti)", 1024.0 * 1024 * 1024 * 1024}, {"M", "MB (M)", 1e6}, {"G", "GB (G)", 1e9},
                                {"", "bytes", 1}};

// Other suffixes Kubernetes accepts, to read any valid quantity.
double suffixFactor(const QString &s, bool *known)
{
    static const QHash<QString, double> factors = {{u"m"_s, 0.001}, {u""_s, 1}, {u"k"_s, 1e3}, {u"M"_s, 1e6}, {u"G"_s, 1e9}, {u"T"_s, 1e12},
                                                   {u"Ki"_s, 1024.0}, {u"Mi"_s, 1024.0 * 1024}, {u"Gi"_s, 1024.0 * 1024 * 1024},
                                                   {u"Ti"_s, 1024.0 * 1024 * 1024 * 1024}};
    *known = factors.contains(s);
    return factors.value(s, 1);
}

} // namespace

QuantityEdit::QuantityEdit(Kind kind, QWidget *parent)
    : QWidget(parent)
    , m_kind(kind)
    , m_number(new QDoubleSpinBox(this))
    , m_unit(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_number, 1);
    layout->addWidget(m_unit);
    m_number->setRange(0, 1e6);
    m_number->setDecimals(3);
    m_number->setAccelerated(true);
    if (kind == Cpu)
        for (const Unit &u : CpuUnits)
            m_unit->addItem(QString::fromLatin1(u.label));
    else
        for (const Unit &u : MemoryUnits)
            m_unit->addItem(QString::fromLatin1(u.label));
    setFocusProxy(m_number);
    connect(m_number, &QDoubleSpinBox::valueChanged, this, [this] { Q_EMIT quantityChanged(quantity()); });
    connect(m_unit, &QComboBox::currentIndexChanged, this, &QuantityEdit::unitChanged);
}

double QuantityEdit::factor(int index) const
{
    return m_kind == Cpu ? CpuUnits[index].factor : MemoryUnits[index].factor;
}

int QuantityEdit::decimals(int index) const
{
    // Whole millicores, bytes, KiB, MiB and MB; fractions of cores, GiB and larger.
    return factor(index) <= (m_kind == Cpu ? 0.001 : 1024.0 * 1024) ? 0 : 3;
}

void QuantityEdit::unitChanged(int index)
{
    // Same quantity in the new unit: 2 Gi -> 2048 Mi, 500 m -> 0.5 cores.
    const double base = m_number->value() * factor(m_lastUnit);
    m_lastUnit = index;
    const QSignalBlocker block(m_number);
    m_number->setDecimals(decimals(index));
    m_number->setValue(base / factor(index));
    Q_EMIT quantityChanged(quantity());
}

QString QuantityEdit::quantity() const
{
    const char *suffix = m_kind == Cpu ? CpuUnits[m_unit->currentIndex()].suffix : MemoryUnits[m_unit->currentIndex()].suffix;
    return QString::number(m_number->value(), 'g', 12) + QString::fromLatin1(suffix);
}

void QuantityEdit::setQuantity(const QString &quantity)
{
    static const QRegularExpression re(u"^([0-9]*\\.?[0-9]+)([a-zA-Z]*)$"_s);
    const auto m = re.match(quantity.trimmed());
    double value = m.hasMatch() ? m.captured(1).toDouble() : 0;
    const QString suffix = m.captured(2);
    int index = -1;
    const int count = m_unit->count();
    for (int i = 0; i < count && index < 0; ++i)
        if (QString::fromLatin1(m_kind == Cpu ? CpuUnits[i].suffix : MemoryUnits[i].suffix) == suffix)
            index = i;
    if (index < 0) {
        // A suffix not offered (e.g. "1k" cores): shown converted to the base unit.
        bool known = false;
        value *= suffixFactor(suffix, &known);
        index = count - 1;
    }
    const QSignalBlocker blockNumber(m_number);
    const QSignalBlocker blockUnit(m_unit);
    m_unit->setCurrentIndex(index);
    m_lastUnit = index;
    // A fraction in a whole-number unit (1.5Mi) keeps its decimals rather than being rounded.
    m_number->setDecimals(value == std::floor(value) ? decimals(index) : 3);
    m_number->setValue(value);
}

} // namespace dc
