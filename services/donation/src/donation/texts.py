"""Fixed texts of the donation conversation; everything that changes lives in content.py."""

from __future__ import annotations

from common.i18n import Catalogue

OFFICIAL_PAGE = "https://www.kizilay.org.tr/bagis"

TEXTS = Catalogue({
    "list.button": {
        "tr": "Bağış konuları",
        "ar": "مواضيع التبرع",
        "en": "Donation topics",
    },
    "list.more": {
        "tr": "Başka bir konuyu seçmek için aşağıdaki listeye dokunun.",
        "ar": "لاختيار موضوع آخر، اضغط على القائمة أدناه.",
        "en": "To pick another topic, tap the list below.",
    },
    "row.channels": {"tr": "Bağış yolları", "ar": "طرق التبرع", "en": "Ways to donate"},
    "row.channels.desc": {
        "tr": "Online, 168, şube, banka, SMS",
        "ar": "الإنترنت، 168، الفروع، البنك، SMS",
        "en": "Online, 168, branches, bank, SMS",
    },
    "row.campaigns": {"tr": "Güncel kampanyalar", "ar": "الحملات الحالية", "en": "Current campaigns"},
    "row.campaigns.desc": {
        "tr": "Şu an duyurulan kampanyalar",
        "ar": "الحملات المعلنة حاليًا",
        "en": "Campaigns announced right now",
    },
    "row.kurban": {"tr": "Kurban ve adak", "ar": "الأضحية والنذر", "en": "Kurban and vows"},
    "row.kurban.desc": {
        "tr": "Vekâletle kurban bağışı",
        "ar": "التبرع بالأضحية بالوكالة",
        "en": "Kurban (qurbani) by proxy",
    },
    "row.zakat": {"tr": "Zekât", "ar": "الزكاة", "en": "Zakat"},
    "row.zakat.desc": {
        "tr": "Zekâtınız nereye ulaşır?",
        "ar": "إلى أين تصل زكاتك؟",
        "en": "Where your zakat goes",
    },
    "row.receipt": {"tr": "Makbuz / iade", "ar": "إيصال / استرداد", "en": "Receipt / refund"},
    "row.receipt.desc": {
        "tr": "Makbuz, iade, başarısız ödeme",
        "ar": "الإيصالات، الاسترداد، فشل الدفع",
        "en": "Receipts, refunds, failed payments",
    },
    "campaigns.empty": {
        "tr": "Şu an burada duyurulan bir kampanya yok. Güncel kampanyalar için: {url}",
        "ar": "لا توجد حملة معلنة هنا حاليًا. للاطلاع على الحملات الحالية: {url}",
        "en": "No campaign is announced here right now. For current campaigns: {url}",
    },
    "handoff": {
        "tr": (
            "Bu konuda size ekibimizden bir kişi yardımcı olur. Görüşmek için \"temsilci\" yazın; "
            "ödeme tarihini ve yöntemini yazmanız yeterli, kart bilgisi paylaşmayın."
        ),
        "ar": (
            "سيساعدك في هذا الأمر شخص من فريقنا. للتحدث معه اكتب \"temsilci\". يكفي أن تذكر تاريخ "
            "الدفع وطريقته، ولا تشارك بيانات بطاقتك."
        ),
        "en": (
            "A person from our team will help you with this. To talk to them, write \"agent\". "
            "The date and method of payment are enough; do not share card details."
        ),
    },
    "card.warning": {
        "tr": (
            "Güvenliğiniz için: kart numarası, CVV, son kullanma tarihi ya da şifre gibi bilgileri "
            "sohbette paylaşmayın. Kızılay bunları WhatsApp'tan istemez. Gönderdiğiniz mesajı \"Herkesten "
            "sil\" ile silmenizi öneririz. Kartla bağışı yalnızca resmî sayfamızdan yapın: {url}"
        ),
        "ar": (
            "من أجل سلامتك: لا تشارك في المحادثة رقم البطاقة أو رمز CVV أو تاريخ الانتهاء أو كلمة "
            "المرور. الهلال الأحمر التركي لا يطلب هذه البيانات عبر واتساب. ننصحك بحذف الرسالة التي أرسلتها "
            "باستخدام \"حذف لدى الجميع\". تبرّع بالبطاقة فقط عبر صفحتنا الرسمية: {url}"
        ),
        "en": (
            "For your safety: do not share card numbers, CVV, expiry dates or passwords in this "
            "chat. Kızılay never asks for them on WhatsApp. We suggest deleting the message you sent with "
            "\"Delete for everyone\". Donate by card only on our official page: {url}"
        ),
    },
    "sample.note": {
        "tr": "Örnek içerik; güncel bilgi: kizilay.org.tr/bagis",
        "ar": "محتوى تجريبي؛ المعلومات الحالية: kizilay.org.tr/bagis",
        "en": "Example content; current info: kizilay.org.tr/bagis",
    },
})
