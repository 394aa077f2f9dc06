"""What the router itself says to citizens, in Turkish, Arabic and English.

Row titles, descriptions and button labels are shown inside WhatsApp lists and buttons, whose
limits (24 / 72 / 20 characters) the tests check in every language so nothing gets cut.
"""

from __future__ import annotations

from typing import Final

from common.i18n import Catalogue

PRIVACY_URL: Final = "https://www.kizilay.org.tr/kvkk"

# The language row and the picker are written in all three languages in every catalogue: a
# citizen who looks for them is often one who cannot read the current language.
_LANGUAGE_ROW_DESC = "Türkçe · العربية · English"

TEXTS: Final[dict[str, dict[str, str]]] = {
    "welcome": {
        "tr": "Merhaba, Türk Kızılay WhatsApp hattına hoş geldiniz.",
        "ar": "مرحبًا بك في خط واتساب الهلال الأحمر التركي (Türk Kızılay).",
        "en": "Hello, welcome to the Türk Kızılay (Turkish Red Crescent) WhatsApp line.",
    },
    "privacy_note": {
        "tr": f"Kişisel verilerinizi nasıl işlediğimizi buradan okuyabilirsiniz: {PRIVACY_URL}",
        "ar": f"كيف نتعامل مع بياناتك الشخصية: {PRIVACY_URL}",
        "en": f"How we handle your personal data: {PRIVACY_URL}",
    },
    "menu_body": {
        "tr": "Size nasıl yardımcı olabiliriz? Menüden seçin ya da seçeneğin numarasını yazın:",
        "ar": "كيف يمكننا مساعدتك؟ اختر من القائمة أو اكتب رقم الخيار:",
        "en": "How can we help you? Choose from the menu or type the number of an option:",
    },
    "menu_line": {
        "tr": "{number}. {title}",
        "ar": "{number}. {title}",
        "en": "{number}. {title}",
    },
    "menu_button": {
        "tr": "Menüyü aç",
        "ar": "افتح القائمة",
        "en": "Open menu",
    },
    "menu_section": {
        "tr": "Hizmetler",
        "ar": "الخدمات",
        "en": "Services",
    },
    "menu_blood_title": {
        "tr": "Kan hizmetleri",
        "ar": "خدمات الدم",
        "en": "Blood services",
    },
    "menu_blood_desc": {
        "tr": "Bağış noktaları, bağış yapabilir miyim, kan ihtiyacı duyuruları",
        "ar": "أماكن التبرع بالدم، هل يمكنني التبرع، تنبيهات الحاجة إلى الدم",
        "en": "Donation points, can I give blood, blood need alerts",
    },
    "menu_donation_title": {
        "tr": "Bağışlar",
        "ar": "التبرعات",
        "en": "Donations",
    },
    "menu_donation_desc": {
        "tr": "Bağış yolları, kampanyalar, zekât, fitre ve kurban",
        "ar": "طرق التبرع، الحملات، الزكاة والفطرة والأضحية",
        "en": "Ways to donate, campaigns, zakat, fitra and kurban",
    },
    "menu_volunteer_title": {
        "tr": "Gönüllülük",
        "ar": "التطوع",
        "en": "Volunteering",
    },
    "menu_volunteer_desc": {
        "tr": "Gönüllü olun, kaydınızı görün ya da güncelleyin",
        "ar": "انضم متطوعًا، أو اطّلع على تسجيلك أو عدّله",
        "en": "Join as a volunteer, see or update your registration",
    },
    "menu_feedback_title": {
        "tr": "Öneri ve şikâyet",
        "ar": "اقتراحات وشكاوى",
        "en": "Suggestion or complaint",
    },
    "menu_feedback_desc": {
        "tr": "Görüşünüzü yazın, takip numarası alın",
        "ar": "اكتب رأيك واحصل على رقم مرجعي",
        "en": "Tell us and get a reference number",
    },
    "menu_agent_title": {
        "tr": "Temsilciyle görüşün",
        "ar": "التحدث إلى موظف",
        "en": "Talk to a person",
    },
    "menu_agent_desc": {
        "tr": "Canlı destek ekibimize bağlanın",
        "ar": "تواصل مع فريق الدعم المباشر",
        "en": "Connect with our live support team",
    },
    "menu_language_title": {
        "tr": "Dil · Language · اللغة",
        "ar": "اللغة · Dil · Language",
        "en": "Language · Dil · اللغة",
    },
    "menu_language_desc": {
        "tr": _LANGUAGE_ROW_DESC,
        "ar": _LANGUAGE_ROW_DESC,
        "en": _LANGUAGE_ROW_DESC,
    },
    "not_understood": {
        "tr": "Kusura bakmayın, bunu anlayamadım.",
        "ar": "عذرًا، لم أفهم رسالتك.",
        "en": "Sorry, I didn't understand that.",
    },
    "kind_reply": {
        "tr": (
            "Yazı, buton ve konum mesajlarını okuyabiliyorum; ses kaydı, fotoğraf, video, dosya "
            "ve çıkartmaları henüz açamıyorum. Ne istediğinizi kısaca yazabilir, menüden "
            "seçebilir ya da bir temsilciyle görüşebilirsiniz."
        ),
        "ar": (
            "أستطيع قراءة الرسائل النصية والأزرار والمواقع، لكن لا أستطيع بعدُ فتح الرسائل "
            "الصوتية أو الصور أو الفيديو أو الملفات أو الملصقات. اكتب طلبك باختصار، أو اختر من "
            "القائمة، أو تحدّث إلى موظف."
        ),
        "en": (
            "I can read text, buttons and locations; I can't open voice notes, photos, videos, "
            "files or stickers yet. Write in a few words what you need, choose from the menu or "
            "talk to a person."
        ),
    },
    "button_main_menu": {
        "tr": "Ana menü",
        "ar": "القائمة الرئيسية",
        "en": "Main menu",
    },
    "button_agent": {
        "tr": "Temsilciyle görüş",
        "ar": "التحدث إلى موظف",
        "en": "Talk to a person",
    },
    "late_prefix": {
        "tr": "Geç yanıt için özür dileriz — sistemimiz kısa bir süre hizmet veremedi.",
        "ar": "نعتذر عن تأخر الرد — كان نظامنا متوقفًا لفترة قصيرة.",
        "en": "Sorry for the late answer — our system was briefly unavailable.",
    },
    "language_body": {
        "tr": "Hangi dilde yazışalım?\nWhich language would you like?\nبأي لغة تريد أن نتحدث؟",
        "ar": "بأي لغة تريد أن نتحدث؟\nHangi dilde yazışalım?\nWhich language would you like?",
        "en": "Which language would you like?\nHangi dilde yazışalım?\nبأي لغة تريد أن نتحدث؟",
    },
    "language_set": {
        "tr": "Bundan sonra Türkçe yanıt vereceğim.",
        "ar": "من الآن فصاعدًا سأجيبك باللغة العربية.",
        "en": "From now on I will answer in English.",
    },
    "cancelled": {
        "tr": "Tamam, iptal ettim.",
        "ar": "حسنًا، تم الإلغاء.",
        "en": "OK, I've cancelled that.",
    },
    # Each language's own name, the same in every catalogue, for the picker buttons.
    "language_name_tr": {"tr": "Türkçe", "ar": "Türkçe", "en": "Türkçe"},
    "language_name_ar": {"tr": "العربية", "ar": "العربية", "en": "العربية"},
    "language_name_en": {"tr": "English", "ar": "English", "en": "English"},
    # ------------------------------------------------------------------ privacy (router/privacy.py)
    "erase_ask": {
        "tr": ("Hakkınızda tuttuğumuz tüm verilerin (mesaj kayıtları, talepler, profil) silinmesini "
               "istiyor musunuz? Bu işlem geri alınamaz."),
        "ar": ("هل تريد حذف كل البيانات التي نحتفظ بها عنك (سجلات الرسائل، الطلبات، الملف الشخصي)؟ "
               "لا يمكن التراجع عن ذلك."),
        "en": ("Do you want us to erase all the data we hold about you (message records, requests, "
               "profile)? This cannot be undone."),
    },
    "erase_yes": {"tr": "Evet, sil", "ar": "نعم، احذف", "en": "Yes, erase"},
    "erase_no": {"tr": "Hayır, vazgeç", "ar": "لا، إلغاء", "en": "No, cancel"},
    "erase_started": {
        "tr": "Silme işlemi başladı. Tüm birimlerimiz tamamladığında size haber vereceğiz.",
        "ar": "بدأ الحذف. سنُعلمك عندما تنتهي كل أقسامنا.",
        "en": "Erasure has started. We will tell you when every part of our service has finished.",
    },
    "erase_done": {
        "tr": ("Verileriniz silindi. Yalnızca yasa gereği, kimliğinizi göstermeyen bir silme kaydı "
               "tutuyoruz. Bize yeniden yazarsanız yeni bir görüşme başlar."),
        "ar": ("تم حذف بياناتك. نحتفظ فقط بسجل حذف لا يكشف هويتك كما يقتضي القانون. "
               "إذا راسلتنا مجددًا تبدأ محادثة جديدة."),
        "en": ("Your data has been erased. As the law requires, we keep only a record of the erasure "
               "that does not identify you. If you write to us again, a new conversation starts."),
    },
    "erase_cancelled": {
        "tr": "Tamam, hiçbir şey silinmedi.",
        "ar": "حسنًا، لم يُحذف شيء.",
        "en": "OK, nothing has been erased.",
    },
    "my_data_header": {
        "tr": "Hakkınızda tuttuğumuz veriler:",
        "ar": "البيانات التي نحتفظ بها عنك:",
        "en": "The data we hold about you:",
    },
    "my_data_nothing": {
        "tr": "Hakkınızda kayıtlı bir veri bulunmuyor.",
        "ar": "لا توجد بيانات محفوظة عنك.",
        "en": "We hold no data about you.",
    },
    "my_data_partial": {
        "tr": "Bazı birimlerimiz şu an yanıt veremedi; özet eksik olabilir.",
        "ar": "بعض أقسامنا لم تستجب الآن؛ قد يكون الملخص ناقصًا.",
        "en": "Some parts of our service did not answer in time; this summary may be incomplete.",
    },
    "my_data_footer": {
        "tr": f"Silinmesini isterseniz \"verilerimi sil\" yazın. Ayrıntılar: {PRIVACY_URL}",
        "ar": f"لحذفها اكتب \"احذف بياناتي\". التفاصيل: {PRIVACY_URL}",
        "en": f"To have it erased, write \"delete my data\". Details: {PRIVACY_URL}",
    },
    "my_data_line": {"tr": "• {label}: {count}", "ar": "• {label}: {count}", "en": "• {label}: {count}"},
    "data.router.citizens": {
        "tr": "Profil (telefon numarası, WhatsApp adı, dil tercihi)",
        "ar": "الملف الشخصي (رقم الهاتف، اسم واتساب، اللغة المفضلة)",
        "en": "Profile (phone number, WhatsApp name, language)",
    },
    "data.router.dead_letters": {
        "tr": "İşlenemeyen mesaj kayıtları",
        "ar": "رسائل تعذّرت معالجتها",
        "en": "Messages that could not be processed",
    },
    "data.support.requests": {
        "tr": "Destek talepleri ve mesajları",
        "ar": "طلبات الدعم ورسائلها",
        "en": "Support requests and their messages",
    },
    "data.support.attachments": {
        "tr": "Taleplerinize eklediğiniz fotoğraf, dosya ve ses kayıtları (yalnızca WhatsApp kimlikleri)",
        "ar": "الصور والملفات والتسجيلات التي أضفتها إلى طلباتك (معرّفات واتساب فقط)",
        "en": "Photos, files and recordings you added to your requests (WhatsApp ids only)",
    },
    "data.support.prompts": {
        "tr": "Yarım kalmış işlemler",
        "ar": "عمليات لم تكتمل",
        "en": "Unfinished steps",
    },
    "data.sender.outbound": {
        "tr": "Size gönderdiğimiz mesajlar (içerikleriyle; iletimi izlemek için)",
        "ar": "الرسائل التي أرسلناها إليك (مع محتواها؛ لمتابعة تسليمها)",
        "en": "Messages we sent you (with their content, to track their delivery)",
    },
    "data.sender.parked": {
        "tr": "Size gönderilmeyi bekleyen mesajlar",
        "ar": "رسائل تنتظر الإرسال إليك",
        "en": "Messages waiting to be sent to you",
    },
    "data.sender.windows": {
        "tr": "Bize en son yazdığınız zaman (WhatsApp'ın 24 saatlik yanıt süresi için)",
        "ar": "آخر وقت راسلتنا فيه (لمهلة الرد في واتساب البالغة 24 ساعة)",
        "en": "When you last wrote to us (for WhatsApp's 24-hour reply window)",
    },
    "data.sender.deliveries": {
        "tr": "Mesaj iletim durumları",
        "ar": "حالات تسليم الرسائل",
        "en": "Message delivery statuses",
    },
    "data.consents": {
        "tr": "Açık rıza kayıtları",
        "ar": "سجلات الموافقة الصريحة",
        "en": "Consent records",
    },
    "data.other": {
        "tr": "Diğer kayıtlar",
        "ar": "سجلات أخرى",
        "en": "Other records",
    },
}

CATALOGUE: Final = Catalogue(TEXTS)
