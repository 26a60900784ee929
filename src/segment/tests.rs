use super::*;

fn seg(lang: Lang, text: &str) -> Vec<String> {
    split_text(&RuleSegmenter::new(lang), text)
        .into_iter()
        .map(String::from)
        .collect()
}

#[test]
fn splits_on_terminal_punctuation() {
    assert_eq!(
        seg(
            Lang::En,
            "It rained. Was it cold? Yes! Really?! Well... Maybe… Fine."
        ),
        [
            "It rained.",
            "Was it cold?",
            "Yes!",
            "Really?!",
            "Well...",
            "Maybe…",
            "Fine."
        ]
    );
}

#[test]
fn keeps_closing_quotes_and_brackets_with_the_sentence() {
    assert_eq!(
        seg(
            Lang::En,
            "He said “We agree.” The talks ended. (They met twice.) Then \"Yes.\" Done."
        ),
        [
            "He said “We agree.”",
            "The talks ended.",
            "(They met twice.)",
            "Then \"Yes.\"",
            "Done."
        ]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "Он сказал: «Мы согласны». «Это важно.» Переговоры завершились."
        ),
        [
            "Он сказал: «Мы согласны».",
            "«Это важно.»",
            "Переговоры завершились."
        ]
    );
}

#[test]
fn no_split_before_lower_case_attribution() {
    assert_eq!(
        seg(Lang::En, "“Why not?” he asked. “Because.”"),
        ["“Why not?” he asked.", "“Because.”"]
    );
    assert_eq!(
        seg(Lang::Ru, "«Почему?» – спросил он. Ответа не было."),
        ["«Почему?» – спросил он.", "Ответа не было."]
    );
    assert_eq!(
        seg(Lang::Be, "«Чаму?» — спытаў ён. Адказу не было."),
        ["«Чаму?» — спытаў ён.", "Адказу не было."]
    );
}

#[test]
fn english_abbreviations() {
    assert_eq!(
        seg(
            Lang::En,
            "Mr. Smith met Dr. Brown on St. Mark St. in the U.S. capital. Then he left."
        ),
        [
            "Mr. Smith met Dr. Brown on St. Mark St. in the U.S. capital.",
            "Then he left."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "They talked, e.g. about trade, i.e. exports. The U.K. Government agreed."
        ),
        [
            "They talked, e.g. about trade, i.e. exports.",
            "The U.K. Government agreed."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "Decree No. 5 was signed on Jan. 21 by Mrs. Ivanova and Jr. staff. It works."
        ),
        [
            "Decree No. 5 was signed on Jan. 21 by Mrs. Ivanova and Jr. staff.",
            "It works."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "Oil, gas, etc. are exported. They export grain etc. The rest is sold."
        ),
        [
            "Oil, gas, etc. are exported.",
            "They export grain etc.",
            "The rest is sold."
        ]
    );
    assert_eq!(
        seg(Lang::En, "The team vs. the rest."),
        ["The team vs. the rest."]
    );
}

#[test]
fn a_capital_letter_before_a_function_word_ends_a_sentence() {
    assert_eq!(
        seg(
            Lang::En,
            "68 per cent achieved a Higher grade A. The data came from J. R. Smith and A. Brown."
        ),
        [
            "68 per cent achieved a Higher grade A.",
            "The data came from J. R. Smith and A. Brown."
        ]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "Они получили оценку А. Это лучший результат. Доклад сделал А. В. Иванов."
        ),
        [
            "Они получили оценку А.",
            "Это лучший результат.",
            "Доклад сделал А. В. Иванов."
        ]
    );
}

#[test]
fn a_year_mark_ends_a_sentence_before_a_function_word() {
    assert_eq!(
        seg(
            Lang::Ru,
            "Договор подписан в 2024 г. Он вступит в силу в 2025 г. В июне 2017 г. Трамп приехал в Минск."
        ),
        [
            "Договор подписан в 2024 г.",
            "Он вступит в силу в 2025 г.",
            "В июне 2017 г. Трамп приехал в Минск."
        ]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Дамова падпісана ў 2024 г. Яна ўступіць у сілу. У 2016 г. Лінсі выступіла."
        ),
        [
            "Дамова падпісана ў 2024 г.",
            "Яна ўступіць у сілу.",
            "У 2016 г. Лінсі выступіла."
        ]
    );
}

#[test]
fn month_abbreviations_and_clock_times_may_end_a_sentence() {
    assert_eq!(
        seg(
            Lang::En,
            "The airport stays closed until Oct. President Widodo will visit on Sept. 30 and in mid-Oct. as well."
        ),
        [
            "The airport stays closed until Oct.",
            "President Widodo will visit on Sept. 30 and in mid-Oct. as well."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "No irregularities were reported by 1 p.m. However, turnout was low. The rally starts at 7 p.m. ET tonight, or 11 a.m. Eastern time, or 9 a.m. Moscow time."
        ),
        [
            "No irregularities were reported by 1 p.m.",
            "However, turnout was low.",
            "The rally starts at 7 p.m. ET tonight, or 11 a.m. Eastern time, or 9 a.m. Moscow time."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "Doors open at 9 a.m. and close at 6 p.m. (local time)."
        ),
        ["Doors open at 9 a.m. and close at 6 p.m. (local time)."]
    );
    assert_eq!(
        seg(
            Lang::En,
            "The deal was signed by Acme Inc. The shares rose."
        ),
        ["The deal was signed by Acme Inc.", "The shares rose."]
    );
    for s in [
        "Alphabet Inc. Class C shares rose, as in U.S. v. Smith.",
        "The vote is scheduled for 10 a.m. Tuesday in the Senate.",
        "The match starts at 6 p.m. London time.",
        "The deadline is 11:59 p.m. Dec. 31.",
        "The office is open from 9 a.m. to 6 p.m. Monday through Friday.",
    ] {
        assert_eq!(seg(Lang::En, s), [s]);
    }
}

#[test]
fn russian_abbreviations() {
    assert_eq!(
        seg(
            Lang::Ru,
            "В 2018 г. в г. Минске на ул. Ленина, д. 5 открыли музей им. Купалы. Вход свободный."
        ),
        [
            "В 2018 г. в г. Минске на ул. Ленина, д. 5 открыли музей им. Купалы.",
            "Вход свободный."
        ]
    );
    assert_eq!(
        seg(Lang::Ru, "Товарооборот вырос на 5 млн. долларов, т.е. на 3%. Проф. Иванов и акад. Петров выступили."),
        ["Товарооборот вырос на 5 млн. долларов, т.е. на 3%.", "Проф. Иванов и акад. Петров выступили."]
    );
    assert_eq!(
        seg(Lang::Ru, "Обсудили нефть, газ и т.д. Затем подписали договор на 2 млрд. руб. и 300 тыс. руб. в год."),
        ["Обсудили нефть, газ и т.д.", "Затем подписали договор на 2 млрд. руб. и 300 тыс. руб. в год."]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "См. стр. 5 и напр. приложение, т.п. документы. Конец."
        ),
        ["См. стр. 5 и напр. приложение, т.п. документы.", "Конец."]
    );
}

#[test]
fn belarusian_abbreviations() {
    assert_eq!(
        seg(Lang::Be, "У 2018 г. на вул. Леніна, т.зн. у цэнтры, праф. Іваноў і акад. Пятроў выступілі. Дзякуй."),
        ["У 2018 г. на вул. Леніна, т.зн. у цэнтры, праф. Іваноў і акад. Пятроў выступілі.", "Дзякуй."]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Абмеркавалі нафту, газ і г.д. Потым падпісалі дамову на 2 млн. руб. і 5 тыс. руб."
        ),
        [
            "Абмеркавалі нафту, газ і г.д.",
            "Потым падпісалі дамову на 2 млн. руб. і 5 тыс. руб."
        ]
    );
}

#[test]
fn initials_do_not_end_sentences() {
    assert_eq!(
        seg(Lang::En, "A. Lukashenko met J.R. Smith. They spoke."),
        ["A. Lukashenko met J.R. Smith.", "They spoke."]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "А.Г. Лукашенко встретился с С.В. Лавровым. Они говорили."
        ),
        [
            "А.Г. Лукашенко встретился с С.В. Лавровым.",
            "Они говорили."
        ]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Аляксандр Р. Лукашэнка сустрэўся з А. Г. Шэйманам. Яны гаварылі."
        ),
        [
            "Аляксандр Р. Лукашэнка сустрэўся з А. Г. Шэйманам.",
            "Яны гаварылі."
        ]
    );
}

#[test]
fn numbers_dates_urls_and_emails_are_not_split() {
    assert_eq!(
        seg(Lang::En, "Growth was 1.5 percent, and pi is 3.14 on 21.11.2018. See www.president.gov.by or mail info@mfa.gov.by now. Thanks."),
        ["Growth was 1.5 percent, and pi is 3.14 on 21.11.2018.", "See www.president.gov.by or mail info@mfa.gov.by now.", "Thanks."]
    );
    assert_eq!(
        seg(
            Lang::En,
            "Visit https://example.org/a.html?x=1. It opened in 2018. 2019 was better."
        ),
        [
            "Visit https://example.org/a.html?x=1.",
            "It opened in 2018.",
            "2019 was better."
        ]
    );
}

#[test]
fn lines_without_terminal_punctuation_are_one_segment() {
    assert_eq!(seg(Lang::En, "• 1"), ["• 1"]);
    assert_eq!(
        seg(
            Lang::En,
            "Meeting with Russia’s Minister of Foreign Affairs"
        ),
        ["Meeting with Russia’s Minister of Foreign Affairs"]
    );
    assert_eq!(seg(Lang::En, "1. Introduction"), ["1. Introduction"]);
    assert!(seg(Lang::En, "   ").is_empty());
}

#[test]
fn segment_text_is_original_and_trimmed() {
    let text = "  First  one.   Second\tone.  ";
    let r = RuleSegmenter::new(Lang::En).split(text);
    assert_eq!(r, vec![2..13, 16..27]);
    assert_eq!(&text[r[0].clone()], "First  one.");
}

#[test]
fn a_year_mark_ends_a_sentence_only_before_a_function_word() {
    assert_eq!(
        seg(
            Lang::Ru,
            "Проект завершат в 2028 г. Его стоимость – 3 млн евро. Закон от 8 января 2014 г. N 130-З принят. Соглашение, подписанное в 2016 г. Россией и Беларусью, действует. По итогам 2024 г. Беларусь вышла в лидеры. В 2016 г. Его Святейшество посетил Минск. За 11 мес. 2025 г. Беларусь нарастила экспорт."
        ),
        [
            "Проект завершат в 2028 г.",
            "Его стоимость – 3 млн евро.",
            "Закон от 8 января 2014 г. N 130-З принят.",
            "Соглашение, подписанное в 2016 г. Россией и Беларусью, действует.",
            "По итогам 2024 г. Беларусь вышла в лидеры.",
            "В 2016 г. Его Святейшество посетил Минск.",
            "За 11 мес. 2025 г. Беларусь нарастила экспорт."
        ]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Праект завершаць у 2028 г. Яго кошт – 3 млн еўра. У 2025 г. Беларусь экспартавала 5 млн т."
        ),
        [
            "Праект завершаць у 2028 г.",
            "Яго кошт – 3 млн еўра.",
            "У 2025 г. Беларусь экспартавала 5 млн т."
        ]
    );
}

#[test]
fn spaced_and_unit_abbreviations() {
    assert_eq!(
        seg(
            Lang::Ru,
            "Работы ведутся в Минске и т. д. Подробнее – на сайте. Рост на 3–4 п. п. Инфляция замедлится. Площадь 120 кв. м, т. е. Москва больше. Экспорт превысил 2 млрд долл. США. Остальное оплатит ЕС на 5 млн долл. Импорт снизился. За 11 мес. 2025 г. он вырос."
        ),
        [
            "Работы ведутся в Минске и т. д.",
            "Подробнее – на сайте.",
            "Рост на 3–4 п. п.",
            "Инфляция замедлится.",
            "Площадь 120 кв. м, т. е. Москва больше.",
            "Экспорт превысил 2 млрд долл. США.",
            "Остальное оплатит ЕС на 5 млн долл.",
            "Импорт снизился.",
            "За 11 мес. 2025 г. он вырос."
        ]
    );
    assert_eq!(
        seg(
            Lang::En,
            "Call the hotline, tel. +375 17 200-00-00, ext. 25. Fax. The office is open. The answer was no. (Applause.)"
        ),
        [
            "Call the hotline, tel. +375 17 200-00-00, ext. 25.",
            "Fax.",
            "The office is open.",
            "The answer was no.",
            "(Applause.)"
        ]
    );
}

#[test]
fn a_heading_run_into_the_lead_sentence_is_split_before_a_function_word() {
    assert_eq!(
        seg(
            Lang::En,
            "Teen injured in shark attack in California A shark attacked a diver on Saturday. It fled."
        ),
        [
            "Teen injured in shark attack in California",
            "A shark attacked a diver on Saturday.",
            "It fled."
        ]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "Эрдоган прибыл в Кельн В субботу прошёл митинг. Он выступил."
        ),
        [
            "Эрдоган прибыл в Кельн",
            "В субботу прошёл митинг.",
            "Он выступил."
        ]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Новы мост адкрылі ў Гродне «У нас свята», — сказаў мэр."
        ),
        ["Новы мост адкрылі ў Гродне", "«У нас свята», — сказаў мэр."]
    );
    // Several headings in a row, each without punctuation.
    assert_eq!(
        seg(
            Lang::En,
            "New vaccine trains immune cells They can then find tumours When tested it worked."
        ),
        [
            "New vaccine trains immune cells",
            "They can then find tumours",
            "When tested it worked."
        ]
    );
}

#[test]
fn function_words_inside_sentences_and_titles_do_not_split() {
    for text in [
        // `I` and `The` start titles and names mid-sentence.
        "He went to the tribunal in The Hague and sang I Love It.",
        // After a stop word, or in a title-case heading.
        "Storm Threatens Salt Lake City With Flash Flooding",
        "It was a win for A Team fans.",
        // Later in a paragraph: only a paragraph's first segment can hold a heading.
        "It rained. Students took grade A in Mandarin.",
    ] {
        let segs = seg(Lang::En, text);
        assert_eq!(
            segs.len(),
            text.matches(". ").count() + 1,
            "{text}: {segs:?}"
        );
    }
    assert_eq!(
        seg(
            Lang::Ru,
            "Министр Ли Ён Хо выступил. Потом витамин В помог."
        ),
        ["Министр Ли Ён Хо выступил.", "Потом витамин В помог."]
    );
}

#[test]
fn abbreviation_ranges_centuries_avenues_and_country_initials() {
    assert_eq!(
        seg(Lang::En, "GDP grew in Jan.-Sept. 2024, said Belstat."),
        ["GDP grew in Jan.-Sept. 2024, said Belstat."]
    );
    // U.S. ends a sentence before a function word only.
    assert_eq!(
        seg(
            Lang::En,
            "They arrived in the U.S. The talks began. The U.S. Congress met."
        ),
        [
            "They arrived in the U.S.",
            "The talks began.",
            "The U.S. Congress met."
        ]
    );
    assert_eq!(
        seg(
            Lang::Ru,
            "Пришли студенты, в т.ч. БГУ. Он живет на пр. Победителей, пом. 5. В XX в. Минск вырос. Храм построен в XIX в. Сейчас здесь музей."
        ),
        [
            "Пришли студенты, в т.ч. БГУ.",
            "Он живет на пр. Победителей, пом. 5.",
            "В XX в. Минск вырос.",
            "Храм построен в XIX в.",
            "Сейчас здесь музей."
        ]
    );
    assert_eq!(
        seg(
            Lang::Be,
            "Праспект Незалежнасці, д. 11, пам. 5. У XX ст. Мінск вырас. Храм пабудаваны ў XIX ст. Цяпер тут музей."
        ),
        [
            "Праспект Незалежнасці, д. 11, пам. 5.",
            "У XX ст. Мінск вырас.",
            "Храм пабудаваны ў XIX ст.",
            "Цяпер тут музей."
        ]
    );
    // `и пр.` (and so on) still ends a sentence.
    assert_eq!(
        seg(Lang::Ru, "Книги, журналы и пр. Все продано."),
        ["Книги, журналы и пр.", "Все продано."]
    );
}
