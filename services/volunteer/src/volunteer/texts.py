"""What the volunteer service says to citizens, in tr, ar and en.

Facts come from docs/domain.md §4 only: the platform address, the training note, the 168 line and
the impostor warning. Nothing here promises a task or a deployment, because branches open tasks
as they need them.
"""

from __future__ import annotations

from common.i18n import Catalogue

PLATFORM_URL = "https://gonulluol.org.tr"

TEXTS = Catalogue({
    "menu.body": {
        "tr": "Kızılay gönüllüsü olmak ister misiniz? Neyi öğrenmek istersiniz?",
        "ar": "هل تودّ أن تصبح متطوعًا في الهلال الأحمر التركي؟ ماذا تريد أن تعرف؟",
        "en": "Would you like to volunteer with the Turkish Red Crescent? What would you like to know?",
    },
    "button.about": {
        "tr": "Neler yapılıyor?",
        "ar": "مجالات التطوع",
        "en": "What volunteers do",
    },
    "button.join": {
        "tr": "Nasıl katılırım?",
        "ar": "كيف أنضم؟",
        "en": "How to join",
    },
    "button.register": {
        "tr": "WhatsApp'tan kayıt",
        "ar": "التسجيل عبر واتساب",
        "en": "Sign up on WhatsApp",
    },
    "about": {
        "tr": (
            "Kızılay gönüllüleri pek çok alanda çalışır; örneğin afet ve acil durum, ilk yardım, "
            "kan ve kök hücre bağışı, gençlik çalışmaları, bağış kampanyaları ve engelli destek.\n\n"
            "Görevleri şubeler ihtiyaca göre açar, gönüllüler başvurur. Bazı görevler için temel "
            "ilk yardım ya da afet eğitimi gerekir. Kayıt olmak bir göreve çağrılacağınız anlamına "
            "gelmez; ihtiyaç oldukça görevler duyurulur."
        ),
        "ar": (
            "يعمل متطوعو الهلال الأحمر التركي في مجالات كثيرة، منها: الكوارث والطوارئ، والإسعافات "
            "الأولية، والتبرع بالدم والخلايا الجذعية، وأنشطة الشباب، وحملات التبرع، ودعم ذوي "
            "الإعاقة.\n\n"
            "تفتح الفروع المهام حسب الحاجة ويتقدّم لها المتطوعون. بعض المهام تتطلب تدريبًا أساسيًا "
            "في الإسعافات الأولية أو الكوارث. التسجيل لا يعني أنه سيتم استدعاؤك لمهمة بالضرورة؛ "
            "تُعلن المهام عند الحاجة."
        ),
        "en": (
            "Turkish Red Crescent volunteers work in many areas, for example disaster and emergency, "
            "first aid, blood and stem cell donation, youth work, donation campaigns and disability "
            "support.\n\n"
            "Branches open tasks when they need help, and volunteers apply for them. Some tasks need "
            "basic first-aid or disaster training. Signing up does not mean you will be called for a "
            "task; tasks are announced as needs arise."
        ),
    },
    "join": {
        "tr": (
            "Gönüllü olmak için resmî platformumuz {url} üzerinden kayıt olabilir ya da size en "
            "yakın Kızılay şubesine başvurabilirsiniz. Açık görevler de platformda yayımlanır.\n\n"
            "Dikkat: Kızılay adına gönüllü ya da bağış toplayan kişilerden kurum kimliği isteyin. "
            "Şüpheniz varsa 168'i arayın."
        ),
        "ar": (
            "للتطوع يمكنك التسجيل عبر منصتنا الرسمية {url} أو التوجه إلى أقرب فرع للهلال الأحمر "
            "التركي. تُنشر المهام المفتوحة أيضًا على المنصة.\n\n"
            "تنبيه: اطلب بطاقة الموظف من أي شخص يجمع متطوعين أو تبرعات باسم الهلال الأحمر. إذا "
            "شككت في الأمر فاتصل بالرقم 168."
        ),
        "en": (
            "To volunteer, sign up on our official platform {url} or contact your nearest Turkish "
            "Red Crescent branch. Open tasks are published on the platform too.\n\n"
            "Be careful: ask anyone recruiting volunteers or collecting donations in Kızılay's name "
            "for their staff ID. If in doubt, call 168."
        ),
    },
    "register.soon": {
        "tr": (
            "WhatsApp üzerinden gönüllü kaydı yakında açılacak. Şimdilik kaydınızı {url} "
            "üzerinden yapabilirsiniz."
        ),
        "ar": "سيتاح التسجيل كمتطوع عبر واتساب قريبًا. حاليًا يمكنك التسجيل عبر {url}.",
        "en": "Volunteer sign-up through WhatsApp is coming soon. For now, please sign up at {url}.",
    },
    "callout.yes": {
        "tr": (
            "Yanıtınız için teşekkürler! WhatsApp üzerinden gönüllü çağrıları henüz aktif değil, "
            "bu yüzden yanıtınız bir ekibe iletilmedi. Açık görevlere {url} üzerinden "
            "başvurabilir ya da en yakın şubemize ulaşabilirsiniz."
        ),
        "ar": (
            "شكرًا على ردّك! دعوات المتطوعين عبر واتساب غير مفعّلة بعد، لذلك لم يُرسل ردّك إلى أي "
            "فريق. يمكنك التقدم للمهام المفتوحة عبر {url} أو التواصل مع أقرب فرع."
        ),
        "en": (
            "Thank you for answering! Volunteer call-outs through WhatsApp are not active yet, so "
            "your answer has not been passed to a team. You can apply for open tasks at {url} or "
            "contact your nearest branch."
        ),
    },
    "callout.no": {
        "tr": (
            "Haber verdiğiniz için teşekkürler, sorun değil. WhatsApp üzerinden gönüllü çağrıları "
            "henüz aktif değil; açık görevleri dilediğiniz zaman {url} üzerinden görebilirsiniz."
        ),
        "ar": (
            "شكرًا لإعلامنا، لا بأس. دعوات المتطوعين عبر واتساب غير مفعّلة بعد؛ يمكنك الاطلاع "
            "على المهام المفتوحة في أي وقت عبر {url}."
        ),
        "en": (
            "Thanks for letting us know, that's fine. Volunteer call-outs through WhatsApp are not "
            "active yet; you can see open tasks any time at {url}."
        ),
    },
})
