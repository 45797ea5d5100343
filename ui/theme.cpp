#include "theme.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QIcon>
#include <QPalette>
#include <QPainter>
#include <QProxyStyle>
#include <QStyle>
#include <QStyleOption>
#include <QStyleFactory>

#include <cmath>

using namespace Qt::StringLiterals;

namespace dc {

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xc4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x7a, 0xb7, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

/// The style with the focus visible on every control: some styles (Fusion among them) mark a
/// focused line edit but not a focused list of choices, spin box, check box or button. A
/// 2-pixel frame in the highlight colour goes around those.
class FocusStyle : public QProxyStyle
{
public:
    using QProxyStyle::QProxyStyle;

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter, const QWidget *widget) const override
    {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        if (control == CC_ComboBox || control == CC_SpinBox)
            frameFocus(option, painter);
    }
    void drawControl(ControlElement element, const QStyleOption *option, QPainter *painter, const QWidget *widget) const override
    {
        QProxyStyle::drawControl(element, option, painter, widget);
        if (element == CE_PushButton || element == CE_CheckBox || element == CE_RadioButton)
            frameFocus(option, painter);
    }

private:
    static void frameFocus(const QStyleOption *option, QPainter *painter)
    {
        if (!(option->state & State_HasFocus))
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(option->palette.color(QPalette::Highlight), 2));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(option->rect).adjusted(1, 1, -1, -1), 3, 3);
        painter->restore();
    }
};

QStyle *styleWithFocus(const QString &key)
{
    return new FocusStyle(QStyleFactory::create(key));
}

} // namespace

void applyTheme(const QString &theme)
{
    static const QString platformStyle = QApplication::style()->name(); // before any switch
    if (theme == u"dark"_s) {
        QApplication::setStyle(styleWithFocus(u"Fusion"_s));
        QApplication::setPalette(darkPalette());
    } else if (theme == u"light"_s) {
        QApplication::setStyle(styleWithFocus(u"Fusion"_s));
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setStyle(styleWithFocus(platformStyle));
        QApplication::setPalette(QPalette());
    }
}

SyntaxColours syntaxColours(const QPalette &palette)
{
    if (palette.color(QPalette::Base).lightness() < 128)
        return {QColor(0x7a, 0xb7, 0xff), QColor(0xa5, 0xd6, 0x7f), QColor(0xf7, 0x8c, 0x6c), QColor(0xa8, 0xa8, 0xa8), QColor(0xce, 0x93, 0xd8),
                QColor(0x3a, 0x34, 0x16), QColor(0x2a, 0x2b, 0x2f)};
    return {QColor(0x1a, 0x4f, 0x9c), QColor(0x25, 0x6b, 0x29), QColor(0xa6, 0x3a, 0x17), QColor(0x5f, 0x5f, 0x5f), QColor(0x8e, 0x24, 0xaa),
            QColor(0xff, 0xf1, 0xa8), QColor(0xf4, 0xf4, 0xf4)};
}

double contrastRatio(const QColor &a, const QColor &b)
{
    auto luminance = [](const QColor &c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QIcon themedIcon(const QString &themeName, const QString &bundled)
{
    return QIcon::fromTheme(themeName, QIcon(u":/icons/%1.svg"_s.arg(bundled)));
}

QString countOf(qsizetype n, const QString &one, const QString &many)
{
    return u"%1 %2"_s.arg(n).arg(n == 1 ? one : many);
}

void addMnemonics(QDialogButtonBox *box)
{
    const QList<QAbstractButton *> buttons = box->buttons();
    QString used;
    for (const QAbstractButton *b : buttons) {
        const qsizetype amp = b->text().indexOf(u'&');
        if (amp >= 0 && amp + 1 < b->text().size())
            used += b->text().at(amp + 1).toLower();
    }
    for (QAbstractButton *b : buttons) {
        QString text = b->text();
        if (text.contains(u'&'))
            continue;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i).toLower();
            if (c.isLetter() && !used.contains(c)) {
                used += c;
                text.insert(i, u'&');
                b->setText(text);
                break;
            }
        }
    }
}

QColor statusColour(const QString &status)
{
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    // At least 4.5:1 on the window and base colours of either palette.
    if (status == QLatin1String("ok"))
        return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x1b, 0x5e, 0x20);
    if (status == QLatin1String("warn"))
        return dark ? QColor(0xff, 0xcc, 0x80) : QColor(0x8a, 0x4f, 0x00);
    if (status == QLatin1String("fail"))
        return dark ? QColor(0xef, 0x9a, 0x9a) : QColor(0xb7, 0x1c, 0x1c);
    return QApplication::palette().color(QPalette::PlaceholderText);
}

} // namespace dc
