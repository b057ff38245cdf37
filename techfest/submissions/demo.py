"""Demo submissions: categories for every edition, a dozen exhibitors (companies, universities,
a research institute, startups, a Korean partner) and 60 products in every status.

Idempotent: categories are looked up by (edition, slug), organisations by name, users by
e-mail and products by (edition, organisation, title); an existing product is left alone.
Product images are drawn with Pillow (no download) and stored like uploads.
"""
from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from techfest.demo import DEMO_CATEGORIES, DEMO_PASSWORD

ORGS = {
    # key: name, type, country, website, contact, phone, address, description (vi), description (en), user e-mail, user name
    "A": ("Công ty CP Điện tử Hải Phòng", "company", "VN", "https://dientu-haiphong.example.vn", "Trần Văn Đức",
          "0225 3841 234", "Số 12 Lạch Tray, quận Ngô Quyền, Hải Phòng",
          "Doanh nghiệp điện tử của thành phố, thiết kế và sản xuất thiết bị chiếu sáng, cảm biến và điều khiển.",
          "Hải Phòng electronics maker: lighting, sensors and controllers.", "exhibitor@techfest.example", None),
    "B": ("Trường Đại học Hàng hải Việt Nam", "university", "VN", "https://vimaru.edu.vn", "TS. Phạm Thị Hồng Nhung",
          "0225 3829 109", "484 Lạch Tray, quận Lê Chân, Hải Phòng",
          "Trường đại học hàng đầu về hàng hải, đóng tàu và logistics.",
          "Vietnam's leading maritime, shipbuilding and logistics university.", "khcn@vimaru.example", "Phạm Thị Hồng Nhung"),
    "C": ("Trường Đại học Hải Phòng", "university", "VN", "https://dhhp.edu.vn", "ThS. Vũ Quang Huy", "0225 3591 042",
          "171 Phan Đăng Lưu, quận Kiến An, Hải Phòng",
          "Trường đại học đa ngành của thành phố với các nhóm nghiên cứu trẻ về nông nghiệp và giáo dục STEM.",
          "The city's multidisciplinary university.", "doimoi@dhhp.example", "Vũ Quang Huy"),
    "D": ("Trường Đại học Y Dược Hải Phòng", "university", "VN", "https://hpmu.edu.vn", "PGS.TS. Đỗ Thị Thu Trang",
          "0225 3733 315", "72A Nguyễn Bỉnh Khiêm, quận Ngô Quyền, Hải Phòng",
          "Đào tạo và nghiên cứu y dược, có thế mạnh về y học biển.",
          "Medical university with a strong marine medicine department.", "yhocbien@hpmu.example", "Đỗ Thị Thu Trang"),
    "E": ("Viện Nghiên cứu Hải sản", "research_institute", "VN", "https://rimf.org.vn", "TS. Nguyễn Khắc Bát",
          "0225 3836 656", "224 Lê Lai, quận Ngô Quyền, Hải Phòng",
          "Viện nghiên cứu quốc gia về nguồn lợi hải sản, nuôi trồng và công nghệ sau thu hoạch.",
          "National research institute for marine fisheries.", "chuyengiao@rimf.example", "Nguyễn Khắc Bát"),
    "F": ("Công ty TNHH Logistics Cảng Xanh", "company", "VN", "https://cangxanh-logistics.example.vn", "Lê Thị Mai Anh",
          "0936 218 477", "Lô CN5, khu công nghiệp Đình Vũ, quận Hải An, Hải Phòng",
          "Dịch vụ vận tải, kho lạnh và thủ tục hải quan cho hàng container.",
          "Container transport, cold storage and customs services.", "maianh@cangxanh.example", "Lê Thị Mai Anh"),
    "G": ("Công ty CP Cơ khí Chính xác Duyên Hải", "company", "VN", "https://cokhiduyenhai.example.vn", "Hoàng Văn Thắng",
          "0225 3977 880", "Km 9 quốc lộ 5, quận Hồng Bàng, Hải Phòng",
          "Gia công cơ khí chính xác, máy CNC và robot hàn cho đóng tàu.",
          "Precision machining, CNC machines and welding robots for shipyards.", "thang@duyenhai.example", "Hoàng Văn Thắng"),
    "H": ("Công ty TNHH Nông nghiệp Thông minh Tiên Lãng", "startup", "VN", "https://nongnghiep-tienlang.example.vn",
          "Bùi Thị Lan", "0912 004 331", "Xã Quang Phục, huyện Tiên Lãng, Hải Phòng",
          "Khởi nghiệp nông nghiệp công nghệ cao: nhà màng, cảm biến, truy xuất nguồn gốc.",
          "High-tech farming startup: greenhouses, sensors, traceability.", "lan@tienlang.example", "Bùi Thị Lan"),
    "I": ("Công ty CP Công nghệ Số Cát Bi", "startup", "VN", "https://catbi-digital.example.vn", "Ngô Minh Khoa",
          "0987 552 119", "Tầng 6, tòa nhà Cát Bi Plaza, quận Hải An, Hải Phòng",
          "Phần mềm chuyển đổi số cho chính quyền và doanh nghiệp nhỏ.",
          "Digital transformation software for local government and small businesses.", "khoa@catbi.example", "Ngô Minh Khoa"),
    "J": ("Incheon Smart Port Co., Ltd. (인천스마트포트)", "company", "KR", "https://incheon-smartport.example.kr",
          "김민준 (Kim Min-jun)", "+82 32 880 1234", "Incheon, Hàn Quốc",
          "Đối tác Hàn Quốc của thành phố Hải Phòng về cảng thông minh và tự động hóa logistics.",
          "Korean partner of Hải Phòng for smart ports and logistics automation.", "minjun@smartport.example", "김민준"),
    "K": ("Trung tâm Ứng dụng Tiến bộ Khoa học và Công nghệ Hải Phòng", "public_agency", "VN", "https://dost.haiphong.gov.vn",
          "KS. Trịnh Văn Nam", "0225 3846 205", "Số 5 Hoàng Diệu, quận Hồng Bàng, Hải Phòng",
          "Đơn vị sự nghiệp của Sở Khoa học và Công nghệ, chuyển giao công nghệ cho nông dân và doanh nghiệp.",
          "Technology transfer centre of the city's Department of Science and Technology.", "ungdung@haiphong.example",
          "Trịnh Văn Nam"),
    "L": ("Công ty TNHH Y sinh Biển Đồ Sơn", "startup", "VN", "https://ysinhbien-doson.example.vn", "Đặng Thu Hà",
          "0905 771 602", "Khu 2, phường Vạn Hương, quận Đồ Sơn, Hải Phòng",
          "Khởi nghiệp sản xuất thực phẩm chức năng và mỹ phẩm từ sinh vật biển.",
          "Startup making supplements and cosmetics from marine organisms.", "thuha@ysinhbien.example", "Đặng Thu Hà"),
}

E, MECH, LOG, MED, AGRI, DIGI = (c[0] for c in DEMO_CATEGORIES)

# org, category, title, title_en, summary, stage, (feature, feature), target users, booth, needs (p i w t), status, edition
PRODUCTS = [
    ("A", E, "Bộ điều khiển chiếu sáng thông minh LED-HP", "LED-HP smart lighting controller",
     "Điều khiển đèn đường LED qua mạng NB-IoT, tiết kiệm đến 40% điện năng.", "commercial",
     ("Tự điều chỉnh độ sáng theo lưu lượng giao thông", "Báo hỏng từng bóng đèn về trung tâm"),
     "Ban quản lý đô thị, khu công nghiệp", "double", "pit", "confirmed", "current"),
    ("A", E, "Cảm biến chất lượng không khí AirHP", "AirHP air quality sensor",
     "Trạm đo bụi mịn PM2.5, CO2 và độ ẩm giá rẻ cho trường học và khu dân cư.", "pilot",
     ("Hiển thị chỉ số AQI ngay trên thiết bị", "Dữ liệu mở cho ứng dụng của thành phố"),
     "Trường học, UBND phường, hộ gia đình", "standard", "pit", "accepted", "current"),
    ("A", E, "Mạch điều khiển động cơ cho xe máy điện", "Motor controller for electric motorbikes",
     "Bộ điều khiển động cơ BLDC 72 V sản xuất trong nước, thay thế linh kiện nhập khẩu.", "prototype",
     ("Hiệu suất trên 95% ở tải định mức", "Giao tiếp CAN với màn hình và pin"),
     "Nhà sản xuất xe máy điện", "standard", "pt", "accepted", "current"),
    ("A", DIGI, "Ứng dụng quản lý điện năng cho hộ gia đình", "Home energy management app",
     "Theo dõi điện tiêu thụ từng thiết bị và gợi ý cách tiết kiệm.", "idea",
     ("Kết nối ổ cắm thông minh", "Cảnh báo khi vượt định mức"), "Hộ gia đình", "standard", "p", "draft", "current"),
    ("A", E, "Bộ lưu điện năng lượng mặt trời mini", "Mini solar power bank",
     "Bộ lưu điện 1 kWh cho hộ kinh doanh nhỏ, sạc bằng tấm pin mặt trời.", "prototype",
     ("Pin LiFePO4 tuổi thọ 3.000 chu kỳ", "Lắp đặt trong 30 phút"), "Hộ kinh doanh ven biển", "standard", "pt",
     "accepted", "current"),
    ("B", LOG, "Phần mềm tối ưu xếp dỡ container tại cảng", "Container stowage optimisation software",
     "Lập kế hoạch xếp dỡ container tự động, rút ngắn thời gian tàu nằm cảng.", "pilot",
     ("Thuật toán tối ưu thứ tự cẩu", "Mô phỏng 3D sơ đồ xếp hàng"), "Cảng biển, hãng tàu", "double", "pit",
     "confirmed", "current"),
    ("B", MECH, "Thiết bị lặn không người lái khảo sát đáy biển", "Unmanned underwater survey vehicle",
     "ROV lặn sâu 100 m, quay video 4K và đo địa hình đáy luồng tàu.", "prototype",
     ("Định vị bằng sonar quét sườn", "Điều khiển qua cáp quang"), "Cảng vụ, đơn vị nạo vét luồng", "island",
     "pitw", "accepted", "current"),
    ("B", DIGI, "Mô phỏng buồng lái tàu biển thực tế ảo", "Virtual-reality ship bridge simulator",
     "Huấn luyện sĩ quan hàng hải điều động tàu trong môi trường thực tế ảo.", "pilot",
     ("Mô hình cảng Hải Phòng và luồng Lạch Huyện", "Kịch bản thời tiết xấu"), "Trường hàng hải, hãng tàu",
     "double", "pit", "confirmed", "current"),
    ("B", E, "Hệ thống giám sát tiêu hao nhiên liệu tàu biển", "Ship fuel consumption monitoring",
     "Đo và báo cáo tiêu hao nhiên liệu theo thời gian thực, đáp ứng quy định IMO.", "prototype",
     ("Cảm biến lưu lượng lắp không cần dừng máy", "Báo cáo tự động cho chủ tàu"), "Chủ tàu, công ty quản lý tàu",
     "standard", "pit", "accepted", "current"),
    ("B", LOG, "Nền tảng theo dõi hành trình tàu thủy nội địa", "Inland vessel tracking platform",
     "Theo dõi vị trí sà lan và tàu sông trên bản đồ số bằng thiết bị AIS giá rẻ.", "idea",
     ("Cảnh báo mắc cạn theo mực nước", "Chia sẻ lịch trình cho chủ hàng"), "Doanh nghiệp vận tải thủy nội địa",
     "standard", "pi", "confirmed", "current"),
    ("C", AGRI, "Hệ thống tưới nhỏ giọt tự động dùng năng lượng mặt trời", "Solar-powered automatic drip irrigation",
     "Tưới nhỏ giọt theo độ ẩm đất, vận hành hoàn toàn bằng điện mặt trời.", "pilot",
     ("Tiết kiệm 50% nước tưới", "Điều khiển qua tin nhắn SMS"), "Nông hộ trồng rau màu", "double", "pw",
     "confirmed", "current"),
    ("C", DIGI, "Trợ lý ảo tuyển sinh bằng tiếng Việt", "Vietnamese admissions chatbot",
     "Chatbot trả lời câu hỏi tuyển sinh 24/7 trên website và Zalo.", "commercial",
     ("Hiểu tiếng Việt không dấu và viết tắt", "Chuyển cho cán bộ khi cần"), "Trường đại học, cao đẳng",
     "standard", "pi", "accepted", "current"),
    ("C", E, "Robot giáo dục STEM cho học sinh tiểu học", "STEM education robot for primary schools",
     "Robot lắp ghép lập trình bằng thẻ hình, giáo trình tiếng Việt.", "prototype",
     ("Không cần máy tính để lập trình", "Giá dưới 1 triệu đồng"), "Trường tiểu học, trung tâm STEM", "standard",
     "pt", "accepted", "current"),
    ("C", MECH, "Máy ép viên nén mùn cưa cỡ nhỏ", "Small sawdust pellet press",
     "Máy ép viên nén chất đốt công suất 200 kg/giờ cho làng nghề gỗ.", "prototype",
     ("Khuôn ép thay nhanh", "Tiêu thụ điện thấp"), "Làng nghề mộc", "double", "p", "confirmed", "current"),
    ("C", DIGI, "Ứng dụng học tiếng Anh hàng hải", "Maritime English learning app",
     "Ứng dụng luyện tiếng Anh chuyên ngành hàng hải theo chuẩn IMO SMCP.", "pilot",
     ("Luyện phát âm với nhận dạng giọng nói", "Bài tập theo tình huống trên tàu"), "Sinh viên, thuyền viên",
     "standard", "pi", "withdrawn", "current"),
    ("D", MED, "Bộ xét nghiệm nhanh ngộ độc sinh vật biển", "Rapid test kit for marine toxin poisoning",
     "Phát hiện độc tố tetrodotoxin trong 15 phút tại trạm y tế xã ven biển.", "prototype",
     ("Không cần máy móc phòng thí nghiệm", "Bảo quản ở nhiệt độ thường"), "Trạm y tế, bệnh viện tuyến huyện",
     "standard", "t", "accepted", "current"),
    ("D", MED, "Ứng dụng sơ cứu say sóng và giảm áp cho ngư dân", "First-aid app for fishermen",
     "Hướng dẫn sơ cứu bằng hình ảnh và giọng nói, dùng được khi không có mạng.", "pilot",
     ("Kết nối bác sĩ qua vô tuyến khi có sóng", "Giao diện cho người lớn tuổi"), "Ngư dân, tàu cá xa bờ",
     "standard", "pt", "confirmed", "current"),
    ("D", DIGI, "Hồ sơ sức khỏe điện tử cho thuyền viên", "Electronic health records for seafarers",
     "Lưu hồ sơ khám sức khỏe thuyền viên, chia sẻ an toàn với hãng tàu.", "pilot",
     ("Chuẩn HL7 FHIR", "Nhắc lịch khám định kỳ"), "Hãng tàu, cơ sở y tế", "standard", "pi", "confirmed", "current"),
    ("D", MED, "Băng gạc sinh học từ collagen da cá", "Fish-skin collagen wound dressing",
     "Băng gạc collagen chiết từ da cá tra giúp vết bỏng mau lành.", "prototype",
     ("Nguyên liệu từ phụ phẩm chế biến", "Thử nghiệm tiền lâm sàng đạt kết quả tốt"), "Bệnh viện, nhà thuốc",
     "standard", "t", "accepted", "current"),
    ("E", AGRI, "Quy trình nuôi tôm thẻ chân trắng tuần hoàn khép kín", "Closed recirculating whiteleg shrimp farming",
     "Nuôi tôm mật độ cao trong bể tuần hoàn, không xả thải ra môi trường.", "commercial",
     ("Năng suất 25 tấn/ha/vụ", "Giảm 70% lượng nước thay"), "Hộ và doanh nghiệp nuôi tôm", "island", "pitw",
     "confirmed", "current"),
    ("E", AGRI, "Chế phẩm vi sinh xử lý nước ao nuôi", "Probiotic pond-water treatment",
     "Chế phẩm vi sinh bản địa phân hủy chất hữu cơ, ổn định môi trường ao.", "commercial",
     ("Chủng vi khuẩn phân lập tại Hải Phòng", "Thay thế hóa chất xử lý nước"), "Người nuôi trồng thủy sản",
     "standard", "t", "accepted", "current"),
    ("E", MED, "Chiết xuất Omega-3 từ phụ phẩm cá ngừ", "Omega-3 extract from tuna by-products",
     "Dầu cá tinh chế giàu DHA từ đầu và nội tạng cá ngừ.", "pilot",
     ("Công nghệ chiết CO2 siêu tới hạn", "Tận dụng phụ phẩm"), "Nhà sản xuất thực phẩm chức năng", "standard", "pt",
     "confirmed", "current"),
    ("E", DIGI, "Bản đồ số ngư trường vịnh Bắc Bộ", "Digital fishing-ground map of the Gulf of Tonkin",
     "Dự báo ngư trường theo dữ liệu vệ tinh, cập nhật hàng tuần cho ngư dân.", "pilot",
     ("Xem trên điện thoại khi ra khơi", "Cảnh báo vùng cấm khai thác"), "Ngư dân, hợp tác xã nghề cá", "standard",
     "pi", "accepted", "current"),
    ("F", LOG, "Nền tảng đặt chỗ xe container trực tuyến", "Online container truck booking platform",
     "Kết nối chủ hàng với xe container rỗng, giảm chạy rỗng trên tuyến Hải Phòng – Hà Nội.", "commercial",
     ("Báo giá tức thì", "Theo dõi xe theo thời gian thực"), "Chủ hàng, doanh nghiệp vận tải", "double", "pi",
     "confirmed", "current"),
    ("F", LOG, "Kho lạnh thông minh giám sát nhiệt độ theo thời gian thực", "Smart cold storage monitoring",
     "Giám sát nhiệt độ, độ ẩm kho lạnh và cảnh báo qua điện thoại.", "commercial",
     ("Nhật ký nhiệt độ đạt chuẩn xuất khẩu", "Cảnh báo mất điện"), "Doanh nghiệp thủy sản, nông sản xuất khẩu",
     "standard", "pit", "accepted", "current"),
    ("F", DIGI, "Chứng từ vận tải điện tử e-B/L", "Electronic bill of lading",
     "Phát hành và chuyển giao vận đơn điện tử có chữ ký số.", "pilot",
     ("Tương thích chuẩn DCSA", "Giảm thời gian chuyển chứng từ từ 7 ngày xuống vài phút"),
     "Hãng tàu, ngân hàng, chủ hàng", "standard", "pi", "confirmed", "current"),
    ("F", LOG, "Xe nâng điện tự hành trong kho bãi", "Autonomous electric forklift",
     "Xe nâng tự hành dẫn đường bằng LiDAR cho kho hàng.", "prototype",
     ("Tránh vật cản tự động", "Sạc tự động"), "Kho bãi, trung tâm phân phối", "double", "p", "withdrawn", "current"),
    ("G", MECH, "Máy CNC cắt plasma khổ lớn", "Large-format CNC plasma cutter",
     "Máy cắt tôn khổ 3 x 12 m cho nhà máy đóng tàu, phần mềm điều khiển tiếng Việt.", "commercial",
     ("Sai số dưới 0,5 mm", "Nhập bản vẽ trực tiếp từ CAD"), "Nhà máy đóng tàu, kết cấu thép", "island", "pit",
     "confirmed", "current"),
    ("G", MECH, "Cánh tay robot hàn công nghiệp", "Industrial welding robot arm",
     "Robot hàn 6 trục thiết kế trong nước, giá bằng một nửa hàng nhập khẩu.", "pilot",
     ("Dạy hàn bằng tay cầm", "Camera theo dõi đường hàn"), "Xưởng cơ khí, đóng tàu", "double", "pt",
     "accepted", "current"),
    ("G", MECH, "Hộp số giảm tốc cho tời neo tàu", "Reduction gearbox for anchor windlasses",
     "Hộp số chịu tải cao chế tạo trong nước cho tời neo tàu 5.000 tấn.", "commercial",
     ("Bánh răng tôi cao tần", "Bảo hành 3 năm"), "Nhà máy đóng và sửa chữa tàu", "standard", "t",
     "confirmed", "current"),
    ("G", E, "Tủ điều khiển PLC cho dây chuyền đóng gói", "PLC control cabinet for packaging lines",
     "Tủ điều khiển dây chuyền đóng gói lập trình sẵn, màn hình HMI tiếng Việt.", "commercial",
     ("Thay thế nhanh khi hỏng", "Kết nối SCADA"), "Nhà máy thực phẩm", "standard", "pt", "rejected", "current"),
    ("H", AGRI, "Nhà màng trồng dưa lưới điều khiển qua điện thoại", "Smartphone-controlled melon greenhouse",
     "Nhà màng tự động tưới, bón phân và che nắng, điều khiển từ điện thoại.", "commercial",
     ("Năng suất dưa lưới tăng 30%", "Nhật ký canh tác điện tử"), "Hợp tác xã, trang trại", "island", "pitw",
     "confirmed", "current"),
    ("H", AGRI, "Cảm biến độ ẩm đất không dây LoRa", "Wireless LoRa soil moisture sensor",
     "Cảm biến chạy pin 2 năm, truyền xa 5 km qua LoRa.", "pilot",
     ("Lắp đặt không cần dây", "Giá dưới 500.000 đồng"), "Nông hộ, trang trại", "standard", "pi", "accepted", "current"),
    ("H", AGRI, "Phân bón hữu cơ từ phụ phẩm thủy sản", "Organic fertiliser from seafood by-products",
     "Phân bón hữu cơ vi sinh từ đầu tôm và vỏ cua, an toàn cho rau màu.", "commercial",
     ("Đạt chứng nhận hữu cơ", "Giảm mùi nhờ men vi sinh"), "Nông dân trồng rau, cây ăn quả", "standard", "t",
     "accepted", "current"),
    ("H", DIGI, "Truy xuất nguồn gốc nông sản bằng mã QR", "QR-code traceability for farm produce",
     "Người mua quét mã QR để xem nhật ký canh tác và chứng nhận của lô hàng.", "commercial",
     ("Tem chống giả", "Liên thông cổng truy xuất quốc gia"), "Hợp tác xã, siêu thị", "standard", "pi",
     "waitlisted", "current"),
    ("H", AGRI, "Máy bay không người lái phun thuốc sinh học", "Drone spraying of biopesticides",
     "Dịch vụ phun thuốc sinh học bằng drone cho cánh đồng lúa.", "idea",
     ("Giảm 30% lượng thuốc", "Bản đồ phun tự động"), "Hợp tác xã trồng lúa", "standard", "", "draft", "current"),
    ("I", DIGI, "Cổng dịch vụ công trực tuyến cấp phường", "Ward-level online public services portal",
     "Người dân nộp hồ sơ, theo dõi tiến độ và nhận kết quả trực tuyến.", "commercial",
     ("Đăng nhập bằng VNeID", "Thanh toán phí trực tuyến"), "UBND phường, xã", "double", "pi", "confirmed", "current"),
    ("I", DIGI, "Hệ thống nhận dạng biển số xe tại bãi đỗ", "Parking licence-plate recognition",
     "Camera AI nhận dạng biển số Việt Nam, quản lý bãi đỗ không cần vé giấy.", "commercial",
     ("Độ chính xác 99% cả ban đêm", "Thanh toán không tiền mặt"), "Bãi đỗ xe, tòa nhà", "standard", "pi",
     "accepted", "current"),
    ("I", DIGI, "Trợ lý AI tóm tắt văn bản hành chính", "AI summariser for administrative documents",
     "Tóm tắt công văn, trích xuất thời hạn xử lý và người phụ trách.", "prototype",
     ("Chạy trên máy chủ nội bộ", "Hiểu văn phong hành chính"), "Cơ quan nhà nước", "standard", "pi",
     "under_review", "current"),
    ("I", E, "Khóa cửa thông minh nhận diện khuôn mặt", "Face-recognition smart door lock",
     "Khóa cửa mở bằng khuôn mặt, vân tay hoặc điện thoại.", "pilot",
     ("Chống giả mạo bằng ảnh", "Pin dùng 12 tháng"), "Hộ gia đình, khách sạn", "standard", "p", "submitted", "current"),
    ("I", DIGI, "Ví điện tử cho chợ truyền thống", "E-wallet for traditional markets",
     "Tiểu thương nhận thanh toán QR và quản lý sổ bán hàng.", "idea",
     ("Sổ ghi nợ điện tử", "Báo cáo doanh thu hằng ngày"), "Tiểu thương", "standard", "i", "draft", "current"),
    ("J", LOG, "Hệ thống cảng thông minh dựa trên AI (AI 스마트 항만 시스템)", "AI smart port system",
     "Điều phối cần cẩu, xe đầu kéo và bãi container bằng trí tuệ nhân tạo, đã vận hành tại cảng Incheon.",
     "commercial", ("Giảm 20% thời gian quay vòng tàu", "Bảng điều khiển bằng tiếng Việt, tiếng Hàn và tiếng Anh"),
     "Cảng container", "island", "pitw", "confirmed", "current"),
    ("J", LOG, "Bản sao số cầu cảng (디지털 트윈 부두)", "Digital twin of a berth",
     "Mô hình số 3D của cầu cảng cập nhật theo cảm biến, hỗ trợ bảo trì dự đoán.", "pilot",
     ("Mô phỏng tải trọng cầu cảng", "Lập lịch bảo trì"), "Cảng biển, cảng vụ", "double", "pi", "accepted", "current"),
    ("J", E, "Cảm biến rung giám sát cần cẩu", "Crane vibration monitoring sensors",
     "Phát hiện sớm hư hỏng ổ trục và cáp của cần cẩu giàn.", "commercial",
     ("Phân tích phổ rung trên thiết bị", "Cảnh báo trước khi hỏng"), "Cảng container", "standard", "pi",
     "under_review", "current"),
    ("K", AGRI, "Nhân giống lan kim tuyến bằng nuôi cấy mô", "Tissue-culture propagation of jewel orchids",
     "Quy trình nhân giống lan kim tuyến quy mô 100.000 cây/năm.", "commercial",
     ("Cây giống sạch bệnh", "Chuyển giao cho nông hộ"), "Nông hộ, doanh nghiệp dược liệu", "standard", "tw",
     "confirmed", "current"),
    ("K", AGRI, "Chế phẩm sinh học ủ rơm rạ thành phân", "Bio-product for composting rice straw",
     "Ủ rơm rạ thành phân hữu cơ trong 30 ngày thay vì đốt đồng.", "commercial",
     ("Giảm khói bụi mùa gặt", "Giá rẻ cho nông dân"), "Nông dân trồng lúa", "standard", "t", "submitted", "current"),
    ("K", MECH, "Lò đốt rác thải sinh hoạt không khói cho xã đảo", "Smokeless waste incinerator for island communes",
     "Lò đốt rác công suất 1 tấn/ngày, khí thải đạt QCVN cho các xã đảo.", "pilot",
     ("Buồng đốt hai cấp", "Tận dụng nhiệt sấy hải sản"), "Xã đảo, khu du lịch", "island", "pw", "rejected", "current"),
    ("L", MED, "Thực phẩm chức năng từ rong nho biển", "Sea-grape dietary supplement",
     "Viên rong nho sấy lạnh giàu khoáng chất từ vùng biển Đồ Sơn.", "commercial",
     ("Sấy lạnh giữ dưỡng chất", "Đạt chứng nhận an toàn thực phẩm"), "Người tiêu dùng, nhà thuốc", "standard", "pt",
     "accepted", "current"),
    ("L", MED, "Kem dưỡng da chiết xuất tảo biển", "Seaweed-extract skin cream",
     "Kem dưỡng ẩm từ tảo nâu, không chất bảo quản paraben.", "commercial",
     ("Nguyên liệu nuôi trồng tại Cát Bà", "Bao bì tái chế"), "Người tiêu dùng", "standard", "t", "waitlisted", "current"),
    ("L", MED, "Viên nang collagen từ vảy cá", "Fish-scale collagen capsules",
     "Collagen thủy phân từ vảy cá biển cho người cao tuổi.", "idea",
     ("Tận dụng phụ phẩm", "Hấp thu tốt"), "Người cao tuổi", "standard", "", "draft", "current"),
    # Earlier editions: what was shown then.
    ("A", E, "Đồng hồ nước điện tử thông minh", "Smart electronic water meter",
     "Đồng hồ nước đọc chỉ số từ xa, phát hiện rò rỉ.", "commercial",
     ("Pin 10 năm", "Đọc số qua NB-IoT"), "Công ty cấp nước", "standard", "pt", "confirmed", 2023),
    ("B", LOG, "Phần mềm quản lý bãi container", "Container yard management software",
     "Quản lý vị trí container trong bãi, tối ưu đảo chuyển.", "commercial",
     ("Kết nối hệ thống hải quan", "Ứng dụng cho lái xe"), "Cảng, ICD", "standard", "pi", "confirmed", 2023),
    ("E", AGRI, "Giống hàu Thái Bình Dương tam bội", "Triploid Pacific oysters",
     "Giống hàu tam bội lớn nhanh, thịt ngon quanh năm.", "commercial",
     ("Tỷ lệ sống trên 80%", "Nuôi được ở vịnh Lan Hạ"), "Người nuôi hàu", "standard", "tw", "confirmed", 2023),
    ("G", MECH, "Máy uốn ống thủy lực CNC", "CNC hydraulic pipe bender",
     "Máy uốn ống đường kính đến 114 mm cho đóng tàu.", "commercial",
     ("Lập trình góc uốn", "Đo hồi đàn hồi tự động"), "Nhà máy đóng tàu", "double", "p", "accepted", 2023),
    ("C", DIGI, "Thư viện số cho trường phổ thông", "Digital library for high schools",
     "Thư viện sách điện tử và bài giảng cho học sinh Hải Phòng.", "commercial",
     ("Đọc ngoại tuyến", "Quản lý mượn trả"), "Trường phổ thông", "standard", "pi", "confirmed", 2022),
    ("D", MED, "Bộ dụng cụ cấp cứu trên tàu cá", "Emergency kit for fishing boats",
     "Túi cấp cứu chuẩn hóa kèm hướng dẫn bằng hình cho tàu cá xa bờ.", "commercial",
     ("Chống nước", "Thuốc thiết yếu theo danh mục Bộ Y tế"), "Ngư dân", "standard", "t", "confirmed", 2022),
    ("H", AGRI, "Hệ thống thủy canh hồi lưu cho rau ăn lá", "Recirculating hydroponics for leafy greens",
     "Trồng rau thủy canh hồi lưu trên mái nhà phố.", "pilot",
     ("Lắp ghép dạng mô-đun", "Bơm chạy điện mặt trời"), "Hộ gia đình đô thị", "standard", "pw", "confirmed", 2022),
    ("J", LOG, "Cổng tự động nhận dạng container (컨테이너 자동 인식 게이트)", "Automatic container recognition gate",
     "Cổng camera đọc số container và biển số xe trong 5 giây.", "commercial",
     ("Không cần nhân viên cổng", "Kết nối hệ thống cảng"), "Cảng container", "double", "pi", "confirmed", 2022),
    ("K", AGRI, "Nấm đông trùng hạ thảo nuôi cấy", "Cultivated cordyceps mushrooms",
     "Quy trình nuôi cấy đông trùng hạ thảo trong phòng sạch.", "commercial",
     ("Hàm lượng cordycepin cao", "Chuyển giao cho hợp tác xã"), "Hợp tác xã, doanh nghiệp", "standard", "pt",
     "confirmed", 2021),
    ("F", LOG, "Ứng dụng gom hàng lẻ LCL", "LCL consolidation app",
     "Gom hàng lẻ xuất khẩu từ Hải Phòng, báo giá và đặt chỗ trực tuyến.", "pilot",
     ("Theo dõi lô hàng", "Thanh toán trực tuyến"), "Doanh nghiệp xuất khẩu nhỏ", "standard", "pi", "confirmed", 2021),
]

TEAMS = {
    "J": ["김민준 (Kim Min-jun) – Giám đốc dự án", "이서연 (Lee Seo-yeon) – Kỹ sư trưởng", "Nguyễn Thị Hoa – Điều phối tại Hải Phòng"],
}
FIRST = ["Nguyễn Văn", "Trần Thị", "Lê Minh", "Phạm Quốc", "Hoàng Thu", "Vũ Đức", "Đỗ Thanh", "Bùi Ngọc"]
LAST = ["An", "Bình", "Cường", "Dung", "Giang", "Hải", "Khánh", "Linh", "Minh", "Phương", "Quân", "Thảo"]
ROLES = ["trưởng nhóm", "kỹ sư phần cứng", "lập trình viên", "nghiên cứu viên", "phụ trách thị trường"]

# Status path from draft, and the note organizers wrote at some steps.
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "under_review": ["submitted", "under_review"],
    "accepted": ["submitted", "under_review", "accepted"],
    "confirmed": ["submitted", "under_review", "accepted", "confirmed"],
    "rejected": ["submitted", "under_review", "rejected"],
    "waitlisted": ["submitted", "under_review", "waitlisted"],
    "withdrawn": ["submitted", "under_review", "withdrawn"],
}
NOTES = {
    "accepted": "Chúc mừng! Sản phẩm đã được Hội đồng tuyển chọn. Vui lòng xác nhận tham gia trước hạn.",
    "rejected": "Cảm ơn đơn vị đã đăng ký. Sản phẩm chưa phù hợp với chủ đề năm nay; mong gặp lại ở kỳ sau.",
    "waitlisted": "Sản phẩm nằm trong danh sách chờ; Ban tổ chức sẽ báo lại khi có gian trống.",
    "withdrawn": "Đơn vị rút đăng ký do trùng lịch hội chợ khác.",
}
COLORS = {E: (11, 79, 138), MECH: (90, 98, 112), LOG: (15, 139, 141), MED: (196, 60, 80), AGRI: (60, 140, 60),
          DIGI: (111, 66, 193)}


def _picture(seed: int, color: tuple[int, int, int]) -> bytes:
    """A simple abstract picture (gradient and shapes): demo images need no download."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    w, h = 960, 720
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(c * (1 - t) + 245 * t) for c in color))
    for _ in range(6):
        x, y, r = rnd.randint(0, w), rnd.randint(0, h), rnd.randint(40, 200)
        shade = tuple(min(255, c + rnd.randint(30, 110)) for c in color)
        if rnd.random() < 0.5:
            draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=rnd.randint(6, 18))
        else:
            draw.rounded_rectangle([x - r, y - r // 2, x + r, y + r // 2], radius=24, fill=shade)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _description(summary: str, features, org_name: str) -> str:
    lines = ["### Tính năng chính", ""] + [f"- {f}" for f in features]
    lines += ["", "### Đơn vị phát triển", "", f"Sản phẩm do **{org_name}** nghiên cứu và phát triển."]
    return "\n".join(lines)


def _team(key: str, n: int) -> str:
    if key in TEAMS:
        return "\n".join(TEAMS[key])
    rnd = random.Random(n)
    people = [f"{rnd.choice(FIRST)} {rnd.choice(LAST)} – {ROLES[i]}" for i in range(rnd.randint(2, 4))]
    return "\n".join(people)


def load(editions: dict) -> None:
    from flask import current_app
    from sqlalchemy import select

    from techfest.accounts.services import _grant, create_user, find_or_create_organisation, get_user_by_email
    from techfest.core.auth import Role
    from techfest.core.db import db
    from techfest.core.search import fold

    from . import images
    from .models import Category, Product, ProductImage, ProductNote, ProductTransition
    from .services import IMAGE_FOLDER, _refresh_search

    # categories for every edition
    cats: dict[tuple[int, str], Category] = {}
    for edition in editions.values():
        existing = {c.slug: c for c in db.session.scalars(select(Category).where(Category.edition_id == edition.id))}
        for pos, (slug, name, name_en) in enumerate(DEMO_CATEGORIES, start=1):
            if slug not in existing:
                existing[slug] = Category(edition_id=edition.id, slug=slug, name=name, name_en=name_en, position=pos * 10)
                db.session.add(existing[slug])
            cats[(edition.id, slug)] = existing[slug]
    db.session.flush()

    current = editions["current"]
    organizer = get_user_by_email("organizer@techfest.example")
    orgs, users = {}, {}
    for key, (name, kind, country, site, contact, phone, address, desc, desc_en, email, user_name) in ORGS.items():
        org = find_or_create_organisation(name, kind, country, site)
        if not org.contact_name:
            org.contact_name, org.phone, org.address = contact, phone, address
            org.description, org.description_en = desc, desc_en
        orgs[key] = org
        user = get_user_by_email(email)
        if user is None:
            user = create_user(email, DEMO_PASSWORD, user_name or contact, organisation=org)
        _grant(user, current, Role.EXHIBITOR)
        users[key] = user
    db.session.flush()

    root = current_app.config["UPLOAD_DIR"]
    for n, (key, cat, title, title_en, summary, stage, features, target, booth, needs, status, when) in enumerate(PRODUCTS):
        edition = editions[when]
        org = orgs[key]
        exists = db.session.scalar(select(Product.id).where(
            Product.edition_id == edition.id, Product.organisation_id == org.id, Product.title == title))
        if exists is not None:
            continue
        zone = ZoneInfo(edition.timezone or "Asia/Ho_Chi_Minh")
        start = datetime.combine(edition.start_date, time(9, 0), tzinfo=zone)
        created = start - timedelta(days=50, hours=n * 3)
        product = Product(
            edition_id=edition.id, organisation_id=org.id, created_by_id=users[key].id,
            category_id=cats[(edition.id, cat)].id, title=title, title_en=title_en, summary=summary,
            description=_description(summary, features, org.name), stage=stage, target_market=target,
            website=org.website if n % 3 == 0 else "", video_url="https://www.youtube.com/watch?v=techfest%02d" % n
            if n % 4 == 0 else "", team_members=_team(key, n), booth_size=booth, needs_power="p" in needs,
            needs_internet="i" in needs, needs_water="w" in needs, needs_table="t" in needs, status=status,
            created_at=created, updated_at=created)
        _refresh_search(product)
        db.session.add(product)
        db.session.flush()
        for i in range(1 + (n % 3 == 0) + (n % 5 == 0)):
            processed = images.process_image(_picture(n * 10 + i, COLORS[cat]))
            img_key = images.store(root, IMAGE_FOLDER, processed)
            db.session.add(ProductImage(product_id=product.id, uploaded_by_id=users[key].id, key=img_key,
                                        ext=processed.ext, width=processed.width, height=processed.height,
                                        size_bytes=len(processed.data), position=i,
                                        original_name=f"{fold(title).replace(' ', '-')[:40]}-{i + 1}.jpg",
                                        created_at=created))
        previous, at = "draft", created
        for step, target_status in enumerate(PATHS[status]):
            at = created + timedelta(days=[2, 10, 20, 26][step], hours=n % 7)
            by_exhibitor = target_status in ("submitted", "confirmed", "withdrawn")
            db.session.add(ProductTransition(
                product_id=product.id, actor_id=(users[key] if by_exhibitor else organizer).id if (
                    by_exhibitor or organizer) else None,
                actor_role="exhibitor" if by_exhibitor else "organizer", from_status=previous, to_status=target_status,
                note=NOTES.get(target_status, "") if n % 2 == 0 or target_status == "withdrawn" else "", created_at=at))
            if target_status == "submitted":
                product.submitted_at = at
            previous = target_status
        product.updated_at = at
        if status in ("under_review", "waitlisted") and organizer is not None:
            db.session.add(ProductNote(product_id=product.id, author_id=organizer.id, internal=True,
                                       body="Cần kiểm tra giấy chứng nhận chất lượng trước khi quyết định.",
                                       created_at=at + timedelta(hours=2)))
        if status == "under_review" and n % 2 == 0 and organizer is not None:
            db.session.add(ProductNote(product_id=product.id, author_id=organizer.id, internal=False,
                                       body="Đề nghị đơn vị bổ sung ảnh chụp sản phẩm thực tế và thông số kỹ thuật.",
                                       created_at=at + timedelta(hours=3)))
    db.session.commit()
