function ConvertTo-PgBadText {
    [CmdletBinding()]
    [OutputType([string])]
    param (
        [Parameter()]
        [string]
        $Name
    )

    "text $Name"
}
