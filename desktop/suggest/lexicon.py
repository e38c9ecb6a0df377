"""Word lists the figure and date rules read, stored in folded form.

Every list is folded with the search folding (`desktop.text.fold_table`), so
`رئیس`/`رییس`, Arabic and Persian yeh and kaf, and ZWNJ/no-ZWNJ spellings
(`سه‌شنبه`, `سهشنبه`) are one entry; tokens are folded the same way before
lookup. Spellings come from Persian news and from the PEYMA corpus.
"""

from __future__ import annotations

from desktop.text.fold_table import FOLD_TABLE


def fold_word(word: str) -> str:
    """The lookup form of a word: search folding, no spaces or ZWNJ."""
    return word.translate(FOLD_TABLE).replace(" ", "")


def word_set(text: str) -> frozenset[str]:
    return frozenset(fold_word(w) for w in text.split())


UNITS_WORDS = word_set("""صفر یک یه دو سه چهار پنج شش شیش هفت هشت نه ده یازده دوازده سیزده
    چهارده پانزده پونزده شانزده هفده هجده هیجده نوزده بیست سی چهل پنجاه شصت هفتاد هشتاد
    نود صد یکصد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد نیم یکهزار دوهزار""")
SCALES = word_set("هزار میلیون میلیارد بیلیون تریلیون")
NUMBER_WORDS = UNITS_WORDS | SCALES
# Words that only count when a digit or another number word is next to them.
WEAK_NUMBER_WORDS = word_set("یک یه نه صفر نیم صد")
SIGNS = word_set("منفی مثبت منهای")
RANGE_WORDS = word_set("تا الی الا - – لغایت")
# A number after these names an item, not an amount: «ماده ۲۱ قانون».
REFERENCE_WORDS = word_set("""ماده بند تبصره اصل شماره ردیف کد فصل صفحه قطعنامه پلاک
    ساعت سال خیابان کوچه واحد طبقه""")

ORDINALS = word_set("""یکم اول دوم سوم چهارم پنجم ششم هفتم هشتم نهم دهم یازدهم دوازدهم
    سیزدهم چهاردهم پانزدهم شانزدهم هفدهم هجدهم هیجدهم نوزدهم بیستم سی‌ام سیام سی‌ویکم
    سی‌یکم نخست""")

PERCENT = word_set("درصد درصدی % ٪ صددرصد")
CURRENCIES = word_set("""ریال تومان دلار یورو پوند لیره درهم دینار روبل ین یوان فرانک سنت
    منات روپیه وون کرون بات رینگیت افغانی بیت‌کوین""")
CURRENCY_ADJECTIVES = frozenset(w + "ی" for w in CURRENCIES) | word_set("یورویی")
# «وام 160 میلیونی», «تخلف 3 هزار میلیاردی»: an amount of money with the currency unsaid.
SCALE_ADJECTIVES = word_set("میلیونی میلیاردی تریلیونی")
UNITS = word_set("""تن تنی کیلوگرم کیلو گرم میلی‌گرم کیلومتر متر مترمربع مترمکعب سانتیمتر
    سانتی‌متر میلیمتر میلی‌متر هکتار لیتر بشکه مگاوات کیلووات گیگاوات وات کیلووات‌ساعت
    نفر دستگاه واحد قطعه عدد فروند باب رأس راس مورد تخت دوز قلم جلد اصله پرونده طرح
    شرکت خانوار هزارنفر میلیون‌نفر مگابایت گیگابایت ترابایت مترمربعی""")
PERIODS = word_set("سال ماه هفته روز دهه قرن سده")
DURATION_WORDS = word_set("ساعت دقیقه ثانیه ساله ماهه روزه هفته‌ای شبانه‌روز")
TIME_OF_DAY = word_set("""صبح ظهر عصر شب شامگاه بامداد غروب بعدازظهر ازظهر نیمه‌شب
    سحر صبحگاه ساعت""")

SOLAR_MONTHS = word_set("فروردین اردیبهشت خرداد تیر مرداد امرداد شهریور مهر آبان آذر دی بهمن اسفند")
GREGORIAN_MONTHS = word_set("""ژانویه ژانویهٔ فوریه مارس آوریل آپریل مه می ژوئن ژوئن ژوین
    ژوئیه ژوییه جولای اوت آگوست اگوست سپتامبر اکتبر نوامبر دسامبر january february march
    april may june july august september october november december""")
LUNAR_MONTHS = word_set("""محرم صفر ربیع‌الاول ربیع‌الثانی ربیع‌الآخر جمادی‌الاول جمادی‌الاولی
    جمادی‌الثانی جمادی‌الثانیه رجب شعبان رمضان شوال ذی‌القعده ذیقعده ذی‌الحجه ذیحجه""")
MONTHS = SOLAR_MONTHS | GREGORIAN_MONTHS | LUNAR_MONTHS
# Month names that are also common words: they need a day, a year or «ماه» beside them.
AMBIGUOUS_MONTHS = word_set("تیر مهر آذر دی بهمن مه می may march") | LUNAR_MONTHS
MONTH_WORD = fold_word("ماه")

WEEKDAYS = word_set("شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه آدینه")
WEEKDAY_PREFIXES = word_set("یک دو سه چهار پنج")  # «سه شنبه» written as two words
# «نماز جمعه», «امام جمعه»: Friday prayers, not a date.
NOT_BEFORE_FRIDAY = word_set("نماز امام ائمه خطیب خطبه خطبه‌های تریبون نمازجمعه")

RELATIVE_DAYS = word_set("امروز دیروز فردا پریروز پس‌فردا امسال پارسال پیرارسال")
PERIOD_MODIFIERS = word_set("گذشته جاری آینده قبل پیش اخیر بعد جدید آتی بعدی قبلی قبلش")
# After «ماه», «هفته», «روز» alone (not «سال»), PEYMA only takes these: «ماه قبل» is rarely a date.
NEAR_MODIFIERS = word_set("گذشته جاری آینده آتی")
AGO_WORDS = word_set("گذشته قبل پیش اخیر آینده بعد دیگر آتی")
DEMONSTRATIVES = word_set("این همین")
PERIOD_EDGES = word_set("ابتدای اوایل اواسط اواخر پایان انتهای آغاز نیمه اوائل")
HALVES = word_set("اول دوم نخست پایانی آخر")
ERAS = word_set("میلادی شمسی قمری خورشیدی هجری ش م ق ه.ش ه.ق")
SEASONS = word_set("بهار تابستان پاییز پائیز زمستان نوروز")
SEASON_WORD = fold_word("فصل")
WEEK_WORD = fold_word("هفته")
# «امروز» right after these opens a clause and means "nowadays", not a day.
CLAUSE_OPENERS = frozenset({"", ":", ",", "«", '"', "/", "-"}) | word_set("که و ما اما اگر ولی")
YEAR_WORD = fold_word("سال")
YEARS_WORDS = word_set("سال‌های سالهای")
DATE_PREFIXES = word_set("روز")
PLURALS = word_set("ها های")
FROM_WORDS = word_set("از بین")
AND_WORD = fold_word("و")
QUARTER_WORDS = word_set("ماهه سه‌ماهه شش‌ماهه نه‌ماهه")

# What may not be counted by a number as a "figure" noun: function words and
# words that make the number a date, a time, an ordinal or a rank.
NOT_COUNTED = word_set("""و در به از با که را تا یا برای این آن هم نیز بر است بود شد
    شده می نمی خواهد کرد کرده دارد داشت باید ها های ای اند بین پس پیش قبل بعد حدود
    تقریبا بیش کمتر بیشتر کم زیاد حداقل حداکثر مرحله بار برابر نوبت دور درجه رتبه
    امتیاز گل ماده بند تبصره اصل شماره ردیف کد""")
NOT_COUNTED = NOT_COUNTED | PERIODS | DURATION_WORDS | TIME_OF_DAY | ERAS | SEASONS

# Cues the CRF reads: words that come before people's names, that head the
# names of organisations and places, and verbs that follow a speaker.
PERSON_CUES = word_set("""آقای آقایان خانم دکتر مهندس حجت‌الاسلام حجت‌الاسلام‌والمسلمین
    آیت‌الله سردار سرلشکر سرتیپ سرهنگ سرتیپ‌دوم دریادار ژنرال شهید استاد حاج پروفسور""")
ORG_HEADS = word_set("""وزارت سازمان شرکت بانک دانشگاه اداره شورای شورا مجلس اتاق
    خبرگزاری روزنامه حزب جبهه بنیاد موسسه مؤسسه انجمن کانون باشگاه تیم ستاد کمیته کمیسیون
    دادگاه فرمانداری استانداری شهرداری اتحادیه مرکز پژوهشگاه فدراسیون نیروی سپاه ارتش
    قوه هیئت هیات صندوق دفتر شبکه گروه""")
PLACE_HEADS = word_set("""استان شهر شهرستان کشور روستا منطقه جزیره دریای رود رودخانه کوه
    خیابان میدان بزرگراه بندر خلیج تنگه دریاچه جنوب شمال شرق غرب مرز""")
SPEECH_VERBS = word_set("گفت افزود اظهار داشت کرد بیان تصریح تاکید خاطرنشان عنوان ادامه")
# Common given names (Persian, Arabic and a few foreign ones in Persian
# spelling): a strong hint that a person's name starts or goes on here.
GIVEN_NAMES = word_set("""محمد علی حسن حسین رضا مهدی احمد محمود مصطفی مرتضی مجتبی جواد
    سعید حمید مجید وحید امیر عباس اکبر اصغر ابراهیم اسماعیل یوسف یعقوب موسی عیسی داوود
    سلیمان صادق باقر کاظم تقی نقی هادی عسکری جعفر کریم رحیم رحمان عبدالله عبدالرضا عبدالحسین
    غلامرضا غلامحسین غلامعلی محمدرضا محمدعلی محمدحسین محمدجواد محمدباقر محمدمهدی علیرضا
    حمیدرضا امیرحسین سید سیدمحمد سیده فاطمه زهرا مریم معصومه زینب سکینه طاهره طیبه اعظم
    اشرف منیژه نرگس لیلا سارا سمیه مینا شهلا پروین فرشته الهام نسرین مهناز ژیلا شیرین
    پریسا نازنین آزاده آرزو بهاره نیلوفر فریبا مهری شهین ناصر منصور مسعود بهروز بهرام
    فرهاد فرزاد فرشاد شهرام کامران کیوان کورش داریوش اردشیر بیژن منوچهر جمشید سهراب رستم
    ایرج هوشنگ پرویز جهانگیر اسفندیار بابک آرش سیاوش شاهین پیمان پژمان پوریا نیما بهزاد
    فریدون هومن شهاب شهریار اسدالله حبیب‌الله نعمت‌الله روح‌الله فضل‌الله عزت‌الله سیف‌الله
    ولی‌الله قاسم ابوالفضل ابوالقاسم مهران میلاد امید نوید سینا آرمان کاوه رامین رسول
    اسحاق عماد عادل جلال کمال جمال نادر ناصر یاسر خالد عمر عثمان ابوبکر صالح فیصل بشار
    ولادیمیر دونالد جو باراک آنگلا امانوئل بوریس ترزا سرگئی جان جورج مایکل دیوید""")
