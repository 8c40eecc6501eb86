"""The named situations of the demo as data: households, consultations, today's activities.

Keys: ``members`` are (relation, sex, age) with the head first; ``mirrors`` are (organization,
member indexes, variant spelling?) for agencies that know the household too; in each
consultation ``org`` is the receiving agency, ``who`` the member index, ``days`` how long ago
it was received, ``cats`` the issue categories (primary first), ``follow`` the number of
follow-up activities, and a referral's ``status`` and ``sent_days`` (days ago) are fixed;
``today`` entries are (organization, member index, kind, hour, minute, text).
"""

from typing import Any

from tsunagu.consultations.models import Consent, Disposition, Urgency

H, S, C, P = "head", "spouse", "child", "parent"
GIVEN, UNCONFIRMED, REFUSED = Consent.GIVEN, Consent.UNCONFIRMED, Consent.REFUSED
CONTINUE, REFER, COORD = Disposition.CONTINUE, Disposition.REFER, Disposition.COORDINATION

SCENARIOS: tuple[dict[str, Any], ...] = (
    {
        "kind": "8050",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "F", 84), (C, "M", 54)),
        "notes": "母と長男の二人暮らし。長男は30代で離職後、20年近く自宅で過ごしている。",
        "mirrors": (("poverty", (1, 0), True),),
        "consultations": (
            {
                "org": "north",
                "who": 0,
                "days": 160,
                "channel": "agency",
                "visitor": ("民生委員", None),
                "cats": ("8050", "hikikomori", "care"),
                "follow": 8,
                "text": (
                    "民生委員より連絡。母（84歳）が最近急に痩せ、買い物にも出られていない様子。"
                    "同居の長男（50代）は20年近く仕事に就かず、日中も雨戸を閉めて過ごしている。"
                    "母の年金で二人が暮らしている。"
                ),
                "wishes": (
                    "母は「息子のことは自分が何とかしないと」と話す。"
                    "介護サービスには「まだ早い」との思い。長男の思いは未確認。"
                ),
            },
            {
                "org": "north",
                "who": 1,
                "days": 9,
                "channel": "home_visit",
                "cats": ("8050", "hikikomori", "disability"),
                "disposition": REFER,
                "refer_to": "disability",
                "status": "sent",
                "sent_days": 3,
                "follow": 1,
                "text": (
                    "自宅訪問時、長男が初めて居間に出てきて短時間話ができた。"
                    "人と話すと頭が真っ白になる、役所の書類が読めない、との話。"
                    "幼少期から対人関係に困難があった様子で、障害特性の可能性がある。"
                ),
                "wishes": (
                    "長男「母に何かあったら自分はどうなるのか不安。"
                    "話を聞いてくれる人がいるなら会ってみてもいい」"
                ),
                "reason": (
                    "中高年の方で、対人関係の困難さや読み書きの苦手さがうかがわれます。"
                    "障害福祉サービスの利用を含め、専門的な相談をお願いしたい。"
                    "本人は面談に前向きです。"
                ),
            },
            {
                "org": "poverty",
                "who": 0,
                "days": 45,
                "channel": "counter",
                "visitor": ("長男", 1),
                "cats": ("poverty", "8050", "care"),
                "disposition": REFER,
                "refer_to": "north",
                "status": "sent",
                "sent_days": 1,
                "follow": 3,
                "text": (
                    "長男が来所。母の年金だけで暮らしているが、母が入院するかもしれず、"
                    "今後の生活費が心配。自分は長く働いておらず、何から始めればよいか分からない。"
                ),
                "wishes": "長男「母の介護のことも相談したい。いずれは少しでも働きたい」",
                "reason": (
                    "高齢のご家族の介護について、要介護認定の申請を含めた支援をお願いしたい。"
                    "世帯の家計相談は当センターで継続します。"
                ),
            },
        ),
        "today": (
            (
                "north",
                0,
                "visit",
                10,
                0,
                (
                    "自宅訪問。母は居間で横になっていたが会話は可能。"
                    "長男が玄関まで出てきて挨拶をした。障害者相談支援センターへのつなぎについて、"
                    "長男から「一度会ってみる」との返事。"
                ),
            ),
        ),
    },
    {
        "kind": "8050",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "M", 87), (S, "F", 82), (C, "F", 51)),
        "notes": "高齢の両親と長女の三人暮らし。",
        "consultations": (
            {
                "org": "north",
                "who": 0,
                "days": 120,
                "channel": "phone",
                "visitor": ("妻", 1),
                "cats": ("8050", "care", "hikikomori"),
                "urgency": Urgency.HIGH,
                "disposition": COORD,
                "refer_to": "shakyo",
                "status": "accepted",
                "follow": 6,
                "text": (
                    "妻より電話。夫（87歳）が脳梗塞の後遺症で歩行が不安定になり、"
                    "介護が必要になってきた。"
                    "同居の長女（50代）は40代で離職してから家にこもりがちで、"
                    "介護を頼める状況にない。妻自身も腰痛があり、通院がやっと。"
                ),
                "wishes": (
                    "妻「夫はできれば家で看たい。娘のこともいつか誰かに相談したいと思っていた」"
                ),
                "reason": "世帯全体への支援が必要で、関係機関の役割分担を整理したい。",
            },
            {
                "org": "north",
                "who": 2,
                "days": 30,
                "channel": "home_visit",
                "cats": ("hikikomori", "8050", "employment"),
                "consent": UNCONFIRMED,
                "follow": 3,
                "text": (
                    "訪問時、長女と初めて面談。自宅で両親の家事を担っているとのこと。"
                    "外出は近所のスーパーのみ。以前の職場で体調を崩して退職した経緯がある。"
                ),
                "wishes": "長女「親の世話があるので家を空けられない。自分のことは後回しでいい」",
            },
        ),
        "today": (
            (
                "north",
                2,
                "phone",
                13,
                30,
                (
                    "長女へ電話。父の通所リハビリの利用開始日を伝えた。長女から、"
                    "社協の居場所の見学について「母と一緒なら行けるかもしれない」との話があった。"
                ),
            ),
        ),
    },
    {
        "kind": "8050",
        "org": "south",
        "area": "south",
        "housing": "owned",
        "members": ((H, "M", 81), (C, "M", 49)),
        "mirrors": (("health", (0,), False),),
        "consultations": (
            {
                "org": "south",
                "who": 0,
                "days": 70,
                "channel": "agency",
                "visitor": ("医療ソーシャルワーカー", None),
                "cats": ("8050", "hikikomori", "poverty"),
                "urgency": Urgency.HIGH,
                "disposition": REFER,
                "refer_to": "poverty",
                "status": "completed",
                "follow": 4,
                "text": (
                    "入院先の病院の医療ソーシャルワーカーより連絡。父（81歳）が肺炎で入院中。"
                    "同居の長男（40代後半）は十数年ひきこもりの状態で、"
                    "入院の手続きや支払いができていない。退院後の生活の見通しが立たない。"
                ),
                "wishes": "父「退院したら家に帰りたい。息子には働いてほしいが無理は言えない」",
                "reason": "家計の立て直しが必要なため、自立相談支援での家計相談をお願いしたい。",
            },
        ),
    },
    {
        "kind": "8050",
        "org": "north",
        "area": "central",
        "housing": "rented",
        "members": ((H, "F", 79), (C, "M", 56)),
        "mirrors": (("shakyo", (0,), True),),
        "consultations": (
            {
                "org": "north",
                "who": 0,
                "days": 200,
                "channel": "counter",
                "cats": ("8050", "poverty", "care"),
                "follow": 6,
                "text": (
                    "本人が来所。膝の痛みで買い物がつらい。同居の長男（50代）は仕事を転々とした後、"
                    "この5年ほどは家にいる。家賃の支払いが年金だけでは苦しく、"
                    "長男に強く言えずにいる。"
                ),
                "wishes": "「息子とけんかはしたくない。でも、このままでは二人とも共倒れになる」",
            },
            {
                "org": "north",
                "who": 0,
                "days": 14,
                "channel": "phone",
                "cats": ("8050", "hikikomori"),
                "follow": 2,
                "text": (
                    "本人より電話。長男が夜中に大声を出すことがあり、怖いと感じるとのこと。"
                    "けがはない。次回の訪問時に長男の様子も確認する。"
                ),
                "wishes": "「息子を責めないでほしい。病院に連れて行ったほうがいいのか知りたい」",
            },
        ),
    },
    {
        "kind": "double_care",
        "org": "children",
        "area": "central",
        "housing": "owned",
        "members": ((H, "M", 42), (S, "F", 39), (C, "F", 4), (C, "M", 1), (P, "F", 78)),
        "notes": "夫の母と同居。",
        "mirrors": (("north", (4,), False),),
        "consultations": (
            {
                "org": "north",
                "who": 4,
                "days": 240,
                "channel": "phone",
                "visitor": ("息子の妻", 1),
                "cats": ("care",),
                "urgency": Urgency.LOW,
                "disposition": Disposition.INFORMATION,
                "text": (
                    "息子の妻より電話。義母（78歳）の物忘れが増えてきた。"
                    "要介護認定の申請方法を知りたい。"
                ),
                "wishes": "「まずは手続きを知りたい」",
            },
            {
                "org": "children",
                "who": 1,
                "days": 12,
                "channel": "counter",
                "cats": ("double_care", "childcare", "care"),
                "urgency": Urgency.HIGH,
                "disposition": REFER,
                "refer_to": "north",
                "status": "sent",
                "sent_days": 1,
                "follow": 2,
                "text": (
                    "本人が来所。1歳の子の育児と、同居する義母（78歳）の認知症の介護が重なり、"
                    "夜も眠れない。夫は仕事で帰りが遅い。義母が日中に一人で外に出てしまい、"
                    "警察に保護されたこともある。"
                ),
                "wishes": "「育児休業が明けたら仕事に戻りたい。義母にも安心して過ごしてほしい」",
                "reason": (
                    "同居する高齢のご家族の介護について、"
                    "要介護認定の区分変更とサービスの調整をお願いしたい。"
                    "育児の面は当センターで継続して支援します。"
                ),
            },
        ),
    },
    {
        "kind": "double_care",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "F", 44), (C, "M", 9), (C, "F", 6), (P, "F", 80)),
        "notes": "長女はひとり親。母と子ども二人の四人暮らし。",
        "consultations": (
            {
                "org": "north",
                "who": 3,
                "days": 60,
                "channel": "phone",
                "visitor": ("長女", 0),
                "cats": ("care", "double_care"),
                "follow": 5,
                "text": (
                    "長女より電話。母（80歳）が脳梗塞で入院し、来月退院予定。右半身にまひが残り、"
                    "自宅での介護が必要になる。長女はひとり親で小学生の子が二人おり、"
                    "仕事も休めない。"
                ),
                "wishes": "母「家に帰りたい」。長女「母を家で看たいが、子どもの生活も守りたい」",
            },
        ),
        "today": (
            (
                "north",
                3,
                "interview",
                15,
                0,
                (
                    "長女と面談（来所）。退院後1か月の様子を確認。"
                    "デイサービスの利用を週3回に増やす方向で、"
                    "ケアマネジャーと調整することになった。長女の睡眠不足が続いている。"
                ),
            ),
        ),
    },
    {
        "kind": "double_care",
        "org": "children",
        "area": "south",
        "housing": "rented",
        "members": ((H, "F", 41), (C, "M", 3), (P, "F", 76)),
        "mirrors": (("poverty", (0,), False),),
        "consultations": (
            {
                "org": "children",
                "who": 0,
                "days": 100,
                "channel": "sns",
                "cats": ("double_care", "childcare", "poverty"),
                "follow": 5,
                "text": (
                    "SNS相談窓口に本人からメッセージ。3歳の子を育てながら、"
                    "認知症の母の介護をしている。パートの時間を減らしたため収入が減り、"
                    "保育料と母の介護費用の支払いが重い。"
                ),
                "wishes": "「子どもと母、どちらも大事。一人で抱えるのはもう限界」",
            },
            {
                "org": "poverty",
                "who": 0,
                "days": 50,
                "channel": "counter",
                "cats": ("poverty", "double_care"),
                "follow": 3,
                "text": (
                    "本人が来所。こども家庭センターから紹介を受けた。"
                    "家計の状況を整理したいとのこと。母の介護費用と保育料の負担が大きい。"
                ),
                "wishes": "「毎月の支払いの見通しを立てたい」",
            },
        ),
    },
    {
        "kind": "young_carer",
        "org": "children",
        "area": "east",
        "housing": "rented",
        "members": ((H, "F", 45), (C, "F", 15), (C, "M", 9)),
        "notes": "母と子ども二人の三人暮らし。",
        "mirrors": (("education", (1,), False),),
        "consultations": (
            {
                "org": "education",
                "who": 1,
                "days": 80,
                "channel": "agency",
                "visitor": ("担任教諭", None),
                "cats": ("education", "young_carer"),
                "consent": UNCONFIRMED,
                "disposition": REFER,
                "refer_to": "children",
                "status": "completed",
                "follow": 2,
                "text": (
                    "担任教諭より報告。二学期に入り遅刻が週3回ほどに増えた。授業中の居眠りもある。"
                    "家庭の事情を本人が少しずつ話し始めている。"
                ),
                "wishes": "「授業にはついていきたい」",
                "reason": "家庭の状況について、こども家庭センターでの支援を検討していただきたい。",
            },
            {
                "org": "children",
                "who": 1,
                "days": 35,
                "channel": "agency",
                "visitor": ("スクールソーシャルワーカー", None),
                "cats": ("young_carer", "education", "health"),
                "urgency": Urgency.HIGH,
                "follow": 4,
                "text": (
                    "スクールソーシャルワーカーより連絡。本人（中学3年）は遅刻と欠席が増えている。"
                    "母がうつ病で寝込む日が多く、本人が家事と弟（小学生）の世話を担っている様子。"
                    "本人は「家のことは自分がやるしかない」と話している。"
                ),
                "wishes": "「母には元気になってほしい。学校の友達には知られたくない」",
            },
            {
                "org": "children",
                "who": 0,
                "days": 6,
                "channel": "home_visit",
                "cats": ("health", "young_carer", "disability"),
                "disposition": REFER,
                "refer_to": "disability",
                "status": "sent",
                "sent_days": 2,
                "follow": 1,
                "text": (
                    "家庭訪問。母は布団から起き上がれない日が週の半分ほどあり、通院も途切れている。"
                    "食事は長女が作っている。母自身も「娘に頼りすぎている」と話す。"
                ),
                "wishes": "母「家事を手伝ってくれる人がいれば助かる。娘には学校を優先してほしい」",
                "reason": (
                    "保護者の方に精神的な不調があり、"
                    "家事援助など障害福祉サービスの利用を検討していただきたい。"
                    "お子さんの支援は当センターで続けます。"
                ),
            },
        ),
    },
    {
        "kind": "young_carer",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "F", 47), (C, "M", 17), (P, "F", 79)),
        "consultations": (
            {
                "org": "north",
                "who": 2,
                "days": 25,
                "channel": "phone",
                "visitor": ("長女", 0),
                "cats": ("care", "young_carer"),
                "follow": 3,
                "text": (
                    "長女より電話。母（79歳）の認知症が進み、昼夜逆転がある。"
                    "長女はフルタイム勤務で、日中と夜間の見守りを高校生の孫が担っている。孫は最近、"
                    "部活動をやめたとのこと。"
                ),
                "wishes": (
                    "長女「息子に負担をかけているのは分かっている。"
                    "母にはデイサービスに通ってほしい」"
                ),
            },
        ),
        "today": (
            (
                "north",
                2,
                "interview",
                16,
                15,
                (
                    "孫（高校3年）と面談。下校後に祖母の見守りと夕食の準備をしている。"
                    "「受験勉強の時間がない」と話す。"
                    "こども家庭センターと情報を共有することについて、長女と孫の同意を得た。"
                ),
            ),
        ),
    },
    {
        "kind": "isolated",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "M", 82),),
        "notes": "2年前に妻を亡くし、一人暮らし。",
        "consultations": (
            {
                "org": "north",
                "who": 0,
                "days": 90,
                "channel": "agency",
                "visitor": ("民生委員", None),
                "cats": ("isolation", "health"),
                "follow": 6,
                "text": (
                    "民生委員より連絡。2年前に妻を亡くしてから一人暮らし。"
                    "最近は町内会の行事にも顔を出さず、近所の人も姿を見ない日がある。"
                    "持病の高血圧の薬を飲んでいるか分からない。"
                ),
                "wishes": "「一人の方が気楽だ」と話すが、妻の話になると涙ぐむ。",
            },
        ),
        "today": (
            (
                "north",
                0,
                "visit",
                11,
                15,
                (
                    "自宅訪問。本人は在宅しており、玄関先で15分ほど話ができた。"
                    "服薬カレンダーの薬は飲めている。"
                    "来週の北山町サロンに誘うと「考えておく」との返事。"
                ),
            ),
        ),
    },
    {
        "kind": "isolated",
        "org": "shakyo",
        "area": "central",
        "housing": "rented",
        "members": ((H, "F", 88),),
        "consultations": (
            {
                "org": "shakyo",
                "who": 0,
                "days": 3,
                "channel": "agency",
                "visitor": ("新聞販売店", None),
                "cats": ("isolation", "health", "care"),
                "urgency": Urgency.HIGH,
                "consent": UNCONFIRMED,
                "disposition": REFER,
                "refer_to": "north",
                "status": "sent",
                "sent_days": 0,
                "text": (
                    "新聞販売店より連絡。郵便受けに新聞が3日分たまっている。"
                    "訪問したところ本人は在宅していたが、足元がふらつき、"
                    "食事もあまりとれていない様子。親族の連絡先は分からない。"
                ),
                "wishes": "本人は「大丈夫」と繰り返すが、会話の途中で話が途切れることがある。",
                "reason": (
                    "一人暮らしの高齢の方で見守りが必要。"
                    "地域包括支援センターでの継続的な関わりをお願いしたい。"
                ),
            },
        ),
    },
    {
        "kind": "hikikomori",
        "org": "shakyo",
        "area": "east",
        "housing": "owned",
        "members": ((H, "M", 64), (S, "F", 62), (C, "M", 34)),
        "mirrors": (("npo", (2,), True),),
        "consultations": (
            {
                "org": "shakyo",
                "who": 2,
                "days": 210,
                "channel": "phone",
                "visitor": ("母", 1),
                "cats": ("hikikomori",),
                "urgency": Urgency.LOW,
                "consent": UNCONFIRMED,
                "follow": 10,
                "text": (
                    "母より電話。長男（30代）は大学卒業後に就職したが1年で退職し、"
                    "10年ほど自宅で過ごしている。食事は自室でとり、家族との会話はほとんどない。"
                    "両親とも定年が近く、今後が心配。"
                ),
                "wishes": (
                    "母「本人を責めるつもりはない。誰か外の人とつながってほしい」。"
                    "本人の思いは未確認。"
                ),
            },
            {
                "org": "npo",
                "who": 2,
                "days": 20,
                "channel": "counter",
                "cats": ("hikikomori", "isolation"),
                "follow": 2,
                "text": (
                    "社協の支援員に付き添われ、本人が初めて来所。見学のみで15分ほど滞在した。"
                    "ボードゲームの棚に関心を示していた。"
                ),
                "wishes": "「人が少ない時間なら来られるかもしれない」",
            },
        ),
        "today": (
            (
                "shakyo",
                2,
                "visit",
                14,
                0,
                (
                    "アウトリーチ訪問。本人が初めて玄関まで出てきて、"
                    "ひだまりを見学した感想を話してくれた。"
                    "次回も社協の職員と一緒に行くことを約束した。"
                ),
            ),
        ),
    },
    {
        "kind": "hikikomori",
        "org": "poverty",
        "area": "central",
        "housing": "rented",
        "members": ((H, "F", 55), (C, "F", 27)),
        "consultations": (
            {
                "org": "poverty",
                "who": 1,
                "days": 130,
                "channel": "counter",
                "visitor": ("母", 0),
                "cats": ("hikikomori", "employment", "health"),
                "disposition": REFER,
                "refer_to": "npo",
                "status": "accepted",
                "follow": 4,
                "text": (
                    "母と本人が来所。本人は新卒で入社した会社を3年前に退職して以来、"
                    "ほとんど外出していない。最近になって「何か始めたい」と母に話したとのこと。"
                    "不眠が続いている。"
                ),
                "wishes": "「いきなり働くのは無理。まずは人のいる場所に慣れたい」",
                "reason": "居場所への参加を通じて、人との関わりを少しずつ増やしていきたい。",
            },
        ),
    },
    {
        "kind": "self_neglect",
        "org": "north",
        "area": "north",
        "housing": "owned",
        "members": ((H, "M", 76),),
        "notes": "一人暮らし。近隣との関係が悪化している。",
        "consultations": (
            {
                "org": "north",
                "who": 0,
                "days": 75,
                "channel": "agency",
                "visitor": ("自治会長", None),
                "cats": ("self_neglect", "isolation", "health"),
                "urgency": Urgency.HIGH,
                "consent": UNCONFIRMED,
                "disposition": COORD,
                "refer_to": "shakyo",
                "status": "accepted",
                "follow": 6,
                "text": (
                    "自治会長より連絡。数年前から庭と玄関先にごみ袋や家電が積み上がり、"
                    "夏場は悪臭で近隣から苦情が出ている。"
                    "本人は町内の人の声かけに「構わないでくれ」と応じない。"
                ),
                "wishes": "本人は「全部使う物だ」と話し、片付けには否定的。",
                "reason": "複数の課題が重なっており、多機関協働での調整をお願いしたい。",
            },
            {
                "org": "north",
                "who": 0,
                "days": 16,
                "channel": "home_visit",
                "cats": ("self_neglect", "health"),
                "follow": 2,
                "text": (
                    "訪問。本人が初めて室内に入れてくれた。台所は物で埋まり、調理ができない状態。"
                    "足のむくみが強く、受診を勧めたところ「考える」と話した。"
                ),
                "wishes": "「業者に勝手に捨てられるのは嫌だ。自分で選んで片付けたい」",
            },
        ),
        "today": (
            (
                "north",
                0,
                "meeting",
                9,
                30,
                (
                    "重層的支援会議（本人同意あり）。社協、"
                    "保健センターと片付け支援の進め方と役割分担を確認。"
                    "本人が捨てる物を自分で選べるよう、月2回の片付け日を設けることにした。"
                ),
            ),
        ),
    },
    {
        "kind": "self_neglect",
        "org": "south",
        "area": "south",
        "housing": "owned",
        "members": ((H, "F", 68),),
        "consultations": (
            {
                "org": "south",
                "who": 0,
                "days": 150,
                "channel": "agency",
                "visitor": ("近隣住民", None),
                "cats": ("self_neglect", "isolation"),
                "consent": REFUSED,
                "follow": 4,
                "text": (
                    "近隣住民より連絡。猫を多数飼っており、においが強い。"
                    "ベランダにごみがたまっている。本人と話そうとしても応じてもらえない。"
                ),
                "wishes": "本人は「猫が家族。誰にも迷惑はかけていない」と話す。",
            },
        ),
    },
    {
        "kind": "elderly_couple",
        "org": "health",
        "area": "north",
        "housing": "owned",
        "members": ((H, "M", 83), (S, "F", 80)),
        "consultations": (
            {
                "org": "health",
                "who": 1,
                "days": 6,
                "channel": "home_visit",
                "visitor": ("夫", 0),
                "cats": ("health", "care"),
                "consent": UNCONFIRMED,
                "disposition": REFER,
                "refer_to": "north",
                "status": "sent",
                "sent_days": 2,
                "text": (
                    "保健師が訪問。夫の話では、妻（80歳）が最近、料理の手順が分からなくなり、"
                    "夜間に家の中を歩き回ることがある。夫も心臓の持病があり、"
                    "介護に不安を感じている。"
                ),
                "wishes": "夫「妻を病院に連れて行きたいが、本人が嫌がる」",
                "reason": (
                    "物忘れの症状がうかがわれ、"
                    "受診と介護保険の利用について地域包括支援センターでの支援をお願いしたい。"
                ),
            },
        ),
    },
    {
        "kind": "single_adult",
        "org": "poverty",
        "area": "south",
        "housing": "rented",
        "members": ((H, "M", 38),),
        "consultations": (
            {
                "org": "poverty",
                "who": 0,
                "days": 8,
                "channel": "counter",
                "cats": ("employment", "poverty", "disability"),
                "consent": UNCONFIRMED,
                "disposition": REFER,
                "refer_to": "disability",
                "status": "sent",
                "sent_days": 1,
                "text": (
                    "本人が来所。倉庫の仕事を雇い止めになった。これまでも仕事が長続きせず、"
                    "指示を覚えるのが苦手だったという。家賃の支払いが来月から難しい。"
                ),
                "wishes": "「自分に合う仕事を見つけたい」",
                "reason": (
                    "仕事の続けにくさの背景に障害特性がある可能性があり、"
                    "専門的な相談をお願いしたい。"
                ),
            },
        ),
    },
)
