"""What the support service says to citizens, in tr, ar and en.

Honesty first: live agents, the aid-request service and the erase service arrive in later
releases, so the texts say a request is recorded and a person will follow up, never that a
person is already chatting or that data is already gone.
"""

from __future__ import annotations

from common.i18n import Catalogue

TEXTS = Catalogue({
    # ------------------------------------------------------------------ hours
    "hours.every_day": {"tr": "her gün", "ar": "يوميًا", "en": "every day"},
    "hours.span": {
        "tr": "{days} {opens}–{closes}",
        "ar": "{days} من {opens} إلى {closes}",
        "en": "{days}, {opens}–{closes}",
    },
    "hours.round_the_clock": {
        "tr": "{days} 24 saat",
        "ar": "{days} على مدار 24 ساعة",
        "en": "{days}, 24 hours",
    },
    "hours.turkey_time": {"tr": "Türkiye saatiyle", "ar": "بتوقيت تركيا", "en": "Türkiye time"},
    "day.0": {"tr": "Pzt", "ar": "الاثنين", "en": "Mon"},
    "day.1": {"tr": "Sal", "ar": "الثلاثاء", "en": "Tue"},
    "day.2": {"tr": "Çar", "ar": "الأربعاء", "en": "Wed"},
    "day.3": {"tr": "Per", "ar": "الخميس", "en": "Thu"},
    "day.4": {"tr": "Cum", "ar": "الجمعة", "en": "Fri"},
    "day.5": {"tr": "Cmt", "ar": "السبت", "en": "Sat"},
    "day.6": {"tr": "Paz", "ar": "الأحد", "en": "Sun"},
    # ------------------------------------------------------------------ hand-off
    "handoff.queued": {
        "tr": "Bir temsilciyle görüşme talebiniz sıraya alındı. Talep numaranız: *{ref}*",
        "ar": "تمت إضافة طلبك للتحدث مع موظف إلى قائمة الانتظار. رقم طلبك: *{ref}*",
        "en": "You are in the queue to talk to a person. Your reference: *{ref}*",
    },
    "handoff.position": {
        "tr": "Sıradaki yeriniz: {position}.",
        "ar": "ترتيبك في قائمة الانتظار: {position}.",
        "en": "Your place in the queue: {position}.",
    },
    "handoff.hours": {
        "tr": "Ekibimiz {hours} ({zone}) çalışır.",
        "ar": "يعمل فريقنا {hours} ({zone}).",
        "en": "Our team works {hours} ({zone}).",
    },
    "handoff.closed": {
        "tr": "Şu an çalışma saatleri dışındayız; açıldığımızda size yanıt vereceğiz.",
        "ar": "نحن الآن خارج ساعات العمل؛ سنرد عليك عندما نبدأ العمل.",
        "en": "We are outside working hours now; we will answer when we open.",
    },
    "handoff.interim.phone": {
        "tr": (
            "Canlı temsilci bağlantısı henüz kuruluyor. O zamana kadar talebiniz bu talep numarasıyla "
            "kayıtlı kalır ve ekibimiz sizinle bu telefon numarası üzerinden iletişime geçer."
        ),
        "ar": (
            "خدمة التحدث المباشر مع الموظفين قيد الإعداد. حتى ذلك الحين يبقى طلبك محفوظًا برقم "
            "الطلب هذا، وسيتواصل معك فريقنا عبر رقم هاتفك هذا."
        ),
        "en": (
            "Live chat with our agents is still being connected. Until then, your request is kept "
            "under this reference and our team will contact you on this number."
        ),
    },
    "handoff.interim.account": {
        "tr": (
            "Canlı temsilci bağlantısı henüz kuruluyor. O zamana kadar talebiniz bu talep numarasıyla "
            "kayıtlı kalır ve ekibimiz size bu WhatsApp hesabı üzerinden dönüş yapar."
        ),
        "ar": (
            "خدمة التحدث المباشر مع الموظفين قيد الإعداد. حتى ذلك الحين يبقى طلبك محفوظًا برقم "
            "الطلب هذا، وسيرد عليك فريقنا عبر حساب واتساب هذا."
        ),
        "en": (
            "Live chat with our agents is still being connected. Until then, your request is kept "
            "under this reference and our team will get back to you on this WhatsApp account."
        ),
    },
    "handoff.add": {
        "tr": "Eklemek istediğiniz bir şey varsa buraya yazabilirsiniz.",
        "ar": "إذا أردت إضافة أي شيء، يمكنك كتابته هنا.",
        "en": "If you want to add anything, just write it here.",
    },
    # ------------------------------------------------------------------ feedback
    "feedback.suggestion": {
        "tr": "Öneriniz için teşekkür ederiz! Kaydedildi. Talep numaranız: *{ref}*",
        "ar": "شكرًا على اقتراحك! تم تسجيله. رقم طلبك: *{ref}*",
        "en": "Thank you for your suggestion! It has been recorded. Your reference: *{ref}*",
    },
    "feedback.complaint": {
        "tr": "Yaşadığınız sorun için üzgünüz. Şikâyetiniz kaydedildi. Talep numaranız: *{ref}*",
        "ar": "نأسف لما واجهته. تم تسجيل شكواك. رقم طلبك: *{ref}*",
        "en": "We are sorry about this. Your complaint has been recorded. Your reference: *{ref}*",
    },
    "feedback.other": {
        "tr": "Mesajınız için teşekkür ederiz. Kaydedildi. Talep numaranız: *{ref}*",
        "ar": "شكرًا على رسالتك. تم تسجيلها. رقم طلبك: *{ref}*",
        "en": "Thank you for your message. It has been recorded. Your reference: *{ref}*",
    },
    "feedback.read": {
        "tr": (
            "Ekibimiz her mesajı okur; gerekirse size buradan yazar. Ek bilgi ya da fotoğraf "
            "göndermek isterseniz buraya yazabilirsiniz."
        ),
        "ar": (
            "يقرأ فريقنا كل رسالة، وسيكتب لك هنا عند الحاجة. إذا أردت إضافة معلومات أو صورة "
            "فأرسلها هنا."
        ),
        "en": (
            "Our team reads every message and will write to you here if needed. To add details "
            "or a photo, just send them here."
        ),
    },
    # ------------------------------------------------------------------ attachments (photos, files)
    "attachment.added.image": {
        "tr": "Fotoğrafınız *{ref}* numaralı talebinize eklendi.",
        "ar": "تمت إضافة صورتك إلى طلبك رقم *{ref}*.",
        "en": "Your photo has been added to your request *{ref}*.",
    },
    "attachment.added.document": {
        "tr": "Dosyanız *{ref}* numaralı talebinize eklendi.",
        "ar": "تمت إضافة ملفك إلى طلبك رقم *{ref}*.",
        "en": "Your file has been added to your request *{ref}*.",
    },
    "attachment.added.video": {
        "tr": "Videonuz *{ref}* numaralı talebinize eklendi.",
        "ar": "تمت إضافة الفيديو الذي أرسلته إلى طلبك رقم *{ref}*.",
        "en": "Your video has been added to your request *{ref}*.",
    },
    "attachment.added.audio": {
        "tr": "Ses kaydınız *{ref}* numaralı talebinize eklendi.",
        "ar": "تمت إضافة رسالتك الصوتية إلى طلبك رقم *{ref}*.",
        "en": "Your voice message has been added to your request *{ref}*.",
    },
    "attachment.write": {
        "tr": "Önerinizi ya da şikâyetinizi birkaç cümleyle buraya da yazın; aynı talebe eklenecek.",
        "ar": "اكتب اقتراحك أو شكواك هنا أيضًا في بضع جمل، وستُضاف إلى الطلب نفسه.",
        "en": (
            "Please also write your suggestion or complaint here in a few sentences; it will be "
            "added to the same request."
        ),
    },
    "attachment.more": {
        "tr": "Eklemek istediğiniz başka bir şey varsa buraya gönderebilirsiniz.",
        "ar": "إذا أردت إضافة أي شيء آخر، يمكنك إرساله هنا.",
        "en": "If you want to add anything else, just send it here.",
    },
    "attachment.declined": {
        "tr": (
            "Fotoğraf, video, dosya ve ses kayıtlarını henüz açamıyorum; yalnızca bir öneri ya da "
            "şikâyete ekleyebiliyorum. Ne istediğinizi kısaca yazabilir ya da aşağıdan seçebilirsiniz."
        ),
        "ar": (
            "لا أستطيع بعدُ فتح الصور أو الفيديو أو الملفات أو الرسائل الصوتية، ويمكنني فقط إرفاقها "
            "باقتراح أو شكوى. اكتب طلبك باختصار أو اختر مما يلي."
        ),
        "en": (
            "I can't open photos, videos, files or voice messages yet; I can only add them to a "
            "suggestion or complaint. Write in a few words what you need, or choose below."
        ),
    },
    # ------------------------------------------------------------------ help requests
    "help.recorded": {
        "tr": "Yardım talebiniz kaydedildi. Talep numaranız: *{ref}*",
        "ar": "تم تسجيل طلب المساعدة. رقم طلبك: *{ref}*",
        "en": "Your request for help has been recorded. Your reference: *{ref}*",
    },
    "help.understood": {
        "tr": "Mesajınızdan anladığımız:",
        "ar": "ما فهمناه من رسالتك:",
        "en": "What we understood from your message:",
    },
    "help.needs": {"tr": "İhtiyaç: {value}", "ar": "الاحتياجات: {value}", "en": "Needs: {value}"},
    "help.people": {"tr": "Kişi sayısı: {value}", "ar": "عدد الأشخاص: {value}", "en": "People: {value}"},
    "help.urgency": {"tr": "Aciliyet: {value}", "ar": "درجة الاستعجال: {value}", "en": "Urgency: {value}"},
    "help.place": {"tr": "Yer: {value}", "ar": "المكان: {value}", "en": "Place: {value}"},
    "help.not_stated": {"tr": "belirtilmedi", "ar": "غير محدد", "en": "not stated"},
    "help.shared_location": {"tr": "paylaştığınız konum", "ar": "الموقع الذي أرسلته", "en": "the location you shared"},
    "urgency.urgent": {"tr": "acil", "ar": "عاجل", "en": "urgent"},
    "urgency.normal": {"tr": "normal", "ar": "عادي", "en": "normal"},
    "help.correct": {
        "tr": (
            "Yanlış ya da eksik bir şey varsa buraya yazarak düzeltin (ihtiyaç, kişi sayısı, "
            "il/ilçe); konumunuzu da paylaşabilirsiniz."
        ),
        "ar": (
            "إذا كان هناك خطأ أو نقص فصحّحه بالكتابة هنا (الاحتياجات، عدد الأشخاص، الولاية/المنطقة)، "
            "ويمكنك أيضًا مشاركة موقعك."
        ),
        "en": (
            "If anything is wrong or missing, correct it by writing here (needs, number of people, "
            "province/district); you can also share your location."
        ),
    },
    "help.next": {
        "tr": (
            "Talebiniz ekibimize iletildi; ekip talebinizi görür, değerlendirir ve gerektiğinde "
            "sizinle iletişime geçer. Hayati tehlike varsa hemen 112'yi arayın. Kızılay: 168."
        ),
        "ar": (
            "وصل طلبك إلى فريقنا؛ سيطّلع عليه الفريق ويقيّمه ويتواصل معك عند الحاجة. إذا كان هناك "
            "خطر على الحياة فاتصل فورًا بالرقم 112. الهلال الأحمر التركي: 168."
        ),
        "en": (
            "Your request has reached our team; they will see it, assess it and contact you if "
            "needed. If a life is in danger, call 112 now. Turkish Red Crescent: 168."
        ),
    },
    "need.tent": {"tr": "çadır", "ar": "خيمة", "en": "tent"},
    "need.baby_food": {"tr": "bebek maması", "ar": "حليب أطفال", "en": "baby food"},
    "need.water": {"tr": "su", "ar": "ماء", "en": "water"},
    "need.medicine": {"tr": "ilaç", "ar": "دواء", "en": "medicine"},
    "need.blanket": {"tr": "battaniye", "ar": "بطانيات", "en": "blankets"},
    "need.food": {"tr": "gıda", "ar": "طعام", "en": "food"},
    "need.heater": {"tr": "ısıtıcı", "ar": "مدفأة", "en": "heater"},
    "need.clothes": {"tr": "giysi", "ar": "ملابس", "en": "clothes"},
    "need.diapers": {"tr": "bebek bezi", "ar": "حفاضات", "en": "diapers"},
    "need.hygiene": {"tr": "hijyen malzemesi", "ar": "مواد النظافة", "en": "hygiene items"},
    # ------------------------------------------------------------------ privacy
    "erase.ask": {
        "tr": (
            "Hakkınızdaki verilerin silinmesini istiyor musunuz?\n\n"
            "Otomatik silme hizmeti henüz hazırlanıyor. Onaylarsanız talebiniz kaydedilir ve "
            "ekibimiz KVKK gereği en geç 30 gün içinde işleme alıp size bildirir."
        ),
        "ar": (
            "هل تريد حذف بياناتك لدينا؟\n\n"
            "خدمة الحذف التلقائي قيد الإعداد. إذا أكدت، يُسجَّل طلبك ويعالجه فريقنا خلال 30 يومًا "
            "كحد أقصى وفق قانون حماية البيانات الشخصية (KVKK)، ثم نُعلمك بالنتيجة."
        ),
        "en": (
            "Do you want us to erase the data we hold about you?\n\n"
            "Automatic erasure is still being built. If you confirm, your request is recorded and "
            "our team handles it within 30 days, as the KVKK data protection law requires, and "
            "tells you when it is done."
        ),
    },
    "erase.yes": {"tr": "Evet, sil", "ar": "نعم، احذف", "en": "Yes, erase"},
    "erase.no": {"tr": "Hayır, vazgeç", "ar": "لا، إلغاء", "en": "No, cancel"},
    "erase.recorded": {
        "tr": (
            "Silme talebiniz kaydedildi. Talep numaranız: *{ref}*\n"
            "Ekibimiz talebinizi en geç 30 gün içinde işleme alır ve tamamlandığında size bildirir."
        ),
        "ar": (
            "تم تسجيل طلب الحذف. رقم طلبك: *{ref}*\n"
            "سيعالج فريقنا طلبك خلال 30 يومًا كحد أقصى ويُعلمك عند الانتهاء."
        ),
        "en": (
            "Your erasure request has been recorded. Your reference: *{ref}*\n"
            "Our team will handle it within 30 days and tell you when it is done."
        ),
    },
    "erase.cancelled": {
        "tr": "Tamam, hiçbir şey silinmeyecek. Fikrinizi değiştirirseniz \"verilerimi sil\" yazabilirsiniz.",
        "ar": "حسنًا، لن يُحذف شيء. إذا غيّرت رأيك فاكتب \"verilerimi sil\".",
        "en": "OK, nothing will be erased. If you change your mind, write \"verilerimi sil\" (erase my data).",
    },
    "my_data.recorded": {
        "tr": (
            "Verilerinize ilişkin talebiniz kaydedildi. Talep numaranız: *{ref}*\n"
            "Ekibimiz hakkınızda tuttuğumuz bilgilerin özetini KVKK gereği en geç 30 gün içinde "
            "size gönderecek."
        ),
        "ar": (
            "تم تسجيل طلبك بخصوص بياناتك. رقم طلبك: *{ref}*\n"
            "سيرسل لك فريقنا ملخصًا بالمعلومات المحفوظة عنك خلال 30 يومًا كحد أقصى وفق قانون "
            "حماية البيانات الشخصية (KVKK)."
        ),
        "en": (
            "Your request about your data has been recorded. Your reference: *{ref}*\n"
            "Our team will send you a summary of what we hold about you within 30 days, as the "
            "KVKK data protection law requires."
        ),
    },
    # ------------------------------------------------------------------ follow-ups and menu
    "followup": {
        "tr": "Mesajınız *{ref}* numaralı talebinize eklendi.",
        "ar": "تمت إضافة رسالتك إلى طلبك رقم *{ref}*.",
        "en": "Your message has been added to your request *{ref}*.",
    },
    "menu.body": {
        "tr": "Size nasıl yardımcı olabiliriz?",
        "ar": "كيف يمكننا مساعدتك؟",
        "en": "How can we help you?",
    },
    "menu.feedback": {"tr": "Öneri / şikâyet", "ar": "اقتراح / شكوى", "en": "Suggestion/complaint"},
    "menu.handoff": {"tr": "Temsilciyle görüş", "ar": "التحدث مع موظف", "en": "Talk to a person"},
    "menu.help": {"tr": "Yardım talebi", "ar": "طلب مساعدة", "en": "Request aid"},
    "prompt.feedback": {
        "tr": (
            "Önerinizi ya da şikâyetinizi tek mesajda yazın; isterseniz fotoğraf da ekleyebilirsiniz. "
            "Size bir talep numarası vereceğiz."
        ),
        "ar": "اكتب اقتراحك أو شكواك في رسالة واحدة، ويمكنك إرفاق صورة. سنعطيك رقم طلب.",
        "en": (
            "Write your suggestion or complaint in one message; you can add a photo. We will give "
            "you a reference number."
        ),
    },
    "prompt.help": {
        "tr": (
            "Neye ihtiyacınız olduğunu, kaç kişi olduğunuzu ve nerede olduğunuzu (il/ilçe ya da "
            "konum) yazın. Hayati tehlike varsa hemen 112'yi arayın."
        ),
        "ar": (
            "اكتب ما تحتاجه، وعدد الأشخاص، ومكانك (الولاية/المنطقة أو شارك موقعك). إذا كان هناك "
            "خطر على الحياة فاتصل فورًا بالرقم 112."
        ),
        "en": (
            "Tell us what you need, how many people you are, and where you are (province/district "
            "or share your location). If a life is in danger, call 112 now."
        ),
    },
})
