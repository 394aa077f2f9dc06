"""What the blood service says, in Turkish, Arabic and English.

Medical wording follows docs/domain.md §0-1: the bot states the general rules and never tells a
citizen they are "eligible"; only the physician at the centre decides. Nothing here invents a
phone number: 168 is Kızılay's free call centre, kanver.org its site. Button labels stay within
WhatsApp's 20 characters so they are never cut.
"""

from __future__ import annotations

from common.i18n import Catalogue

TEXTS: dict[str, dict[str, str]] = {
    # ---- blood menu ---------------------------------------------------------------------
    "menu_body": {
        "tr": "🩸 *Kan bağışı*\nSize en yakın bağış noktalarını göstereyim: il veya ilçenizi "
              "yazın (ör. “Kadıköy” ya da “Gaziantep”) ya da 📎 → Konum ile konumunuzu paylaşın.",
        "ar": "🩸 *التبرع بالدم*\nأعرض لك أقرب نقاط التبرع: اكتب اسم الولاية أو المنطقة (مثلاً "
              "«غازي عنتاب» أو «كاديكوي») أو شارك موقعك عبر 📎 ← الموقع.",
        "en": "🩸 *Blood donation*\nLet me show you the nearest donation points: type your city "
              "or district (e.g. “Kadıköy” or “Gaziantep”) or share your location via 📎 → "
              "Location.",
    },
    "menu_footer": {
        "tr": "Türk Kızılay · 168 (ücretsiz)",
        "ar": "الهلال الأحمر التركي · 168 (مجاني)",
        "en": "Turkish Red Crescent · 168 (free)",
    },
    "btn_where": {"tr": "Bağış noktaları", "ar": "نقاط التبرع", "en": "Donation points"},
    "btn_eligibility": {"tr": "Bağış koşulları", "ar": "من يمكنه التبرع",
                        "en": "Who can donate"},
    "btn_next_date": {"tr": "Sonraki bağış tarihi", "ar": "موعد التبرع التالي",
                      "en": "Next donation date"},
    "ask_place": {
        "tr": "İl veya ilçenizi yazın (ör. “Konak” ya da “Ankara”) veya 📎 → Konum ile "
              "konumunuzu paylaşın; size en yakın kan bağışı noktalarını göstereyim.",
        "ar": "اكتب اسم الولاية أو المنطقة (مثلاً «أنقرة» أو «كوناك») أو شارك موقعك عبر 📎 ← "
              "الموقع، وسأعرض لك أقرب نقاط التبرع بالدم.",
        "en": "Type your city or district (e.g. “Konak” or “Ankara”) or share your location via "
              "📎 → Location, and I will show you the nearest blood donation points.",
    },
    # ---- donation points ----------------------------------------------------------------
    "points_header_place": {
        "tr": "📍 {place} için kan bağışı noktaları:",
        "ar": "📍 نقاط التبرع بالدم في {place}:",
        "en": "📍 Blood donation points in {place}:",
    },
    "points_header_nearest": {
        "tr": "📍 Konumunuza en yakın kan bağışı noktaları:",
        "ar": "📍 أقرب نقاط التبرع بالدم إلى موقعك:",
        "en": "📍 Blood donation points nearest to you:",
    },
    "points_district_fallback": {
        "tr": "{district} için kayıtlı nokta yok; {province} ilindeki noktalar:",
        "ar": "لا توجد نقاط مسجلة في {district}؛ هذه نقاط ولاية {province}:",
        "en": "No points are listed for {district}; here are the points in {province}:",
    },
    "points_none_in_province": {
        "tr": "{province} için kayıtlı nokta yok; en yakın noktalar (il merkezine uzaklık):",
        "ar": "لا توجد نقاط مسجلة في {province}؛ هذه أقرب النقاط (المسافة من مركز الولاية):",
        "en": "No points are listed for {province}; the nearest ones (distance from the city "
              "centre):",
    },
    "points_more": {
        "tr": "…ve {count} nokta daha. En yakınları görmek için konumunuzu paylaşabilirsiniz.",
        "ar": "…و{count} نقاط أخرى. شارك موقعك لأعرض لك الأقرب إليك.",
        "en": "…and {count} more. Share your location to see the nearest ones.",
    },
    "point": {
        "tr": "*{name}*\n📍 {address}\n🕘 {hours}\n☎️ {phone}",
        "ar": "*{name}*\n📍 العنوان: {address}\n🕘 أوقات العمل: {hours}\n☎️ الهاتف: {phone}",
        "en": "*{name}*\n📍 {address}\n🕘 {hours}\n☎️ {phone}",
    },
    "point_distance": {"tr": "📏 {distance} uzakta", "ar": "📏 على بعد {distance}",
                       "en": "📏 {distance} away"},
    "distance_km": {"tr": "{value} km", "ar": "{value} كم", "en": "{value} km"},
    "distance_m": {"tr": "{value} m", "ar": "{value} م", "en": "{value} m"},
    "far_note": {
        "tr": "En yakın kayıtlı nokta {distance} uzakta. Bölgenize gelen gezici ekipler için "
              "168'i arayabilirsiniz.",
        "ar": "أقرب نقطة مسجلة على بعد {distance}. للاستعلام عن الفرق المتنقلة في منطقتك اتصل "
              "بالرقم 168.",
        "en": "The nearest listed point is {distance} away. Call 168 to ask about mobile teams "
              "coming to your area.",
    },
    "sample_note": {
        "tr": "ℹ️ Bunlar *örnek* noktalardır, gerçek adres değildir. Güncel bağış noktaları ve "
              "saatleri için kanver.org, Kızılay Kan Bağışı uygulaması veya 168 (ücretsiz).",
        "ar": "ℹ️ هذه نقاط *تجريبية* وليست عناوين حقيقية. لمعرفة نقاط التبرع ومواعيدها الحالية: "
              "kanver.org أو تطبيق الهلال الأحمر التركي للتبرع بالدم أو الرقم 168 (مجاني).",
        "en": "ℹ️ These are *sample* points, not real addresses. For current donation points "
              "and hours: kanver.org, the Kızılay Blood Donation app, or 168 (free).",
    },
    # ---- places not understood ------------------------------------------------------------
    "unknown_place": {
        "tr": "“{text}” adında bir il veya ilçe bulamadım.",
        "ar": "لم أجد ولاية أو منطقة باسم «{text}».",
        "en": "I could not find a city or district called “{text}”.",
    },
    "unknown_place_suggest": {
        "tr": "Bunlardan biri mi? Seçin ya da adı yeniden yazın; konumunuzu da "
              "paylaşabilirsiniz.",
        "ar": "هل تقصد إحدى هذه؟ اختر، أو اكتب الاسم من جديد، أو شارك موقعك.",
        "en": "Did you mean one of these? Choose, type the name again, or share your location.",
    },
    "unknown_place_retry": {
        "tr": "İl veya ilçe adını yeniden yazın ya da 📎 → Konum ile konumunuzu paylaşın.",
        "ar": "اكتب اسم الولاية أو المنطقة من جديد، أو شارك موقعك عبر 📎 ← الموقع.",
        "en": "Please type the city or district again, or share your location via 📎 → Location.",
    },
    "ambiguous": {
        "tr": "{district} adında birden fazla ilçe var. Hangisini kastediyorsunuz?",
        "ar": "توجد أكثر من منطقة باسم {district}. أيها تقصد؟",
        "en": "There is more than one district called {district}. Which one do you mean?",
    },
    "ambiguous_button": {"tr": "İlçeyi seçin", "ar": "اختر المنطقة", "en": "Choose district"},
    # ---- facts --------------------------------------------------------------------------
    "rules": {
        "tr": "• 18–65 yaş arası, 50 kilonun üzerinde ve bugün kendini sağlıklı hisseden kişiler "
              "başvurabilir (ilk kez bağışlayacaksanız 61 yaşından küçük olmalısınız).\n"
              "• Tam kan bağışları arasında erkekler 90 gün, kadınlar 120 gün bekler.\n"
              "• Fotoğraflı kimliğinizi yanınıza alın; 2–3 saat önce normal yemek yiyin ve bol "
              "sıvı için.\n"
              "• Bağış yapıp yapamayacağınıza merkezdeki hekim karar verir.",
        "ar": "• يمكن أن يتقدم من كان عمره بين 18 و65 عاماً ووزنه فوق 50 كغ ويشعر اليوم بصحة "
              "جيدة (إن كان تبرعك الأول فيجب أن يكون عمرك أقل من 61 عاماً).\n"
              "• الفاصل بين تبرعين بالدم الكامل: 90 يوماً للرجال و120 يوماً للنساء.\n"
              "• أحضر بطاقة هوية عليها صورتك، وتناول وجبتك المعتادة قبل 2–3 ساعات، واشرب "
              "كمية كافية من السوائل.\n"
              "• طبيب مركز التبرع هو من يقرر إمكانية تبرعك.",
        "en": "• People aged 18–65, over 50 kg and feeling healthy today can apply (first-time "
              "donors must be under 61).\n"
              "• Between whole-blood donations men wait 90 days, women 120 days.\n"
              "• Bring a photo ID; eat normally 2–3 hours before and drink plenty of fluids.\n"
              "• The doctor at the centre decides whether you can donate.",
    },
    "how_to_donate": {
        "tr": "🩸 *Kan bağışı hakkında kısaca*\n{rules}\n"
              "Bağış yaklaşık 30–35 dakika sürer; kan alma kısmı 10 dakika kadardır.",
        "ar": "🩸 *معلومات مختصرة عن التبرع بالدم*\n{rules}\n"
              "يستغرق التبرع نحو 30–35 دقيقة، منها قرابة 10 دقائق لسحب الدم.",
        "en": "🩸 *Giving blood in brief*\n{rules}\n"
              "A donation takes about 30–35 minutes; the needle part is about 10 minutes.",
    },
    "eligibility_soon": {
        "tr": "Bağışa engel bir durum olup olmadığını anlamanıza yardım edecek kısa bir soru "
              "listesi hazırlıyoruz (yakında). Şimdilik temel kurallar:\n{rules}\n"
              "Sağlık durumunuzla ilgili sorular için 168'i (ücretsiz) arayabilirsiniz.",
        "ar": "نعمل على استبيان قصير يساعدك على معرفة ما إذا كان هناك ما يمنعك من التبرع "
              "(قريباً). إلى ذلك الحين، هذه القواعد الأساسية:\n{rules}\n"
              "لأسئلتك الصحية اتصل بالرقم 168 (مجاني).",
        "en": "We are preparing a short questionnaire to help you see whether anything stops "
              "you from donating (coming soon). Until then, the basic rules:\n{rules}\n"
              "For questions about your health, call 168 (free).",
    },
    "next_date_soon": {
        "tr": "Sonraki bağış tarihinizi hesaplama özelliği yakında geliyor. Kural şu: tam kan "
              "bağışından sonra erkekler 90 gün, kadınlar 120 gün bekler (yılda en çok erkekler "
              "4, kadınlar 3 kez). Trombosit (aferez) bağışında süreler farklıdır; 168'e "
              "danışabilirsiniz. Son kararı merkezdeki hekim verir.",
        "ar": "ميزة حساب موعد تبرعك التالي ستتوفر قريباً. القاعدة: بعد التبرع بالدم الكامل "
              "ينتظر الرجال 90 يوماً والنساء 120 يوماً (بحد أقصى 4 مرات للرجال و3 مرات للنساء "
              "في السنة). لتبرع الصفائح الدموية (الفصادة) مدد مختلفة؛ استفسر على الرقم 168. "
              "القرار النهائي لطبيب المركز.",
        "en": "Working out your next donation date is coming soon. The rule: after a "
              "whole-blood donation men wait 90 days and women 120 days (at most 4 times a year "
              "for men, 3 for women). Platelet (apheresis) donation has other intervals; ask "
              "168. The doctor at the centre has the final word.",
    },
    "need": {
        "tr": "🩸 İletilen kan ihtiyacı mesajlarını doğrulayamıyoruz.\n"
              "Hastaların ihtiyaç duyduğu kan hastanelere Türk Kızılay aracılığıyla ulaşır; bu "
              "yüzden herhangi bir Kızılay bağış noktasında yapacağınız bağış ihtiyaç sahibi "
              "hastalara yardım eder.\n"
              "Resmî bilgi için: 168 (ücretsiz) veya kanver.org.",
        "ar": "🩸 لا يمكننا التحقق من رسائل طلب الدم المُعاد توجيهها.\n"
              "يصل الدم الذي يحتاجه المرضى إلى المستشفيات عبر الهلال الأحمر التركي، لذلك فإن "
              "تبرعك في أي نقطة تبرع تابعة له يساعد المرضى المحتاجين.\n"
              "للمعلومات الرسمية: الرقم 168 (مجاني) أو kanver.org.",
        "en": "🩸 We cannot verify forwarded blood appeals.\n"
              "The blood patients need reaches hospitals through the Turkish Red Crescent "
              "(Kızılay), so giving blood at any Kızılay donation point helps patients in need.\n"
              "Official information: 168 (free) or kanver.org.",
    },
    # ---- blood-need alert replies -------------------------------------------------------
    "alert_can_come": {
        "tr": "Teşekkürler! 🙏 Bağış noktasının bilgisi uyarı mesajında yazıyor; adres veya saat "
              "için 168'i (ücretsiz) arayabilirsiniz. Kimliğinizi yanınıza alın; bağışa "
              "merkezdeki hekim karar verir.",
        "ar": "شكراً لك! 🙏 تفاصيل نقطة التبرع مذكورة في رسالة التنبيه، وللاستفسار عن العنوان "
              "أو المواعيد اتصل بالرقم 168 (مجاني). أحضر هويتك معك؛ يقرر طبيب المركز إمكانية "
              "التبرع.",
        "en": "Thank you! 🙏 The donation point is named in the alert message; for the address "
              "or hours call 168 (free). Bring your ID; the doctor at the centre decides whether "
              "you can donate.",
    },
    "alert_cannot": {
        "tr": "Haber verdiğiniz için teşekkürler. 🙏 Başka bir zaman sizi herhangi bir Kızılay "
              "bağış noktasında görmekten mutluluk duyarız.",
        "ar": "شكراً لإعلامنا. 🙏 يسعدنا استقبالك في وقت آخر في أي نقطة تبرع تابعة للهلال "
              "الأحمر التركي.",
        "en": "Thank you for letting us know. 🙏 You are welcome at any Kızılay donation point "
              "another time.",
    },
    "alert_stop": {
        "tr": "Tamam, artık kan ihtiyacı uyarısı almayacaksınız. Bağış noktaları için bize "
              "istediğiniz zaman yazabilirsiniz.",
        "ar": "تم. لن تصلك بعد الآن تنبيهات الحاجة إلى الدم. يمكنك مراسلتنا في أي وقت لمعرفة "
              "نقاط التبرع.",
        "en": "Done: you will receive no more blood-need alerts. You can write to us any time to "
              "find donation points.",
    },
    "thanks_reply": {
        "tr": "Rica ederiz! 🩸 Başka bir yer için il/ilçe yazabilir ya da konumunuzu "
              "paylaşabilirsiniz.",
        "ar": "على الرحب والسعة! 🩸 يمكنك كتابة ولاية أو منطقة أخرى أو مشاركة موقعك.",
        "en": "You're welcome! 🩸 You can type another city or district, or share your location.",
    },
}

CATALOGUE = Catalogue(TEXTS)
